using System.Text;
using System.Text.Json;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Providers;

namespace Orleans.Widgets.Grains.Tests.Providers;

public sealed class TimelineValidatorTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly JsonElement Small = JsonDocument.Parse("""{"health":25}""").RootElement.Clone();

    private static TimelineEntry Entry(DateTimeOffset date, JsonElement? content = null) => new(date, content ?? Small);

    private static JsonElement StringContent(int totalJsonBytes)
    {
        // "…" is two quote bytes plus the characters.
        var json = "\"" + new string('x', totalJsonBytes - 2) + "\"";
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Fact]
    public void Accepts_a_plain_timeline_and_keeps_it()
    {
        var timeline = new Timeline([Entry(Now), Entry(Now.AddHours(1))], ReloadPolicy.AtEnd);
        Assert.Null(TimelineValidator.Validate(timeline, Now));
        Assert.True(TimelineValidator.TryValidate(timeline, Now, out var normalized, out _));
        Assert.Same(timeline, normalized);
    }

    [Fact]
    public void Entry_count_limit_is_1000()
    {
        var entries = Enumerable.Range(0, TimelineValidator.MaxEntries).Select(i => Entry(Now.AddMinutes(i))).ToList();
        Assert.Null(TimelineValidator.Validate(new Timeline(entries, ReloadPolicy.AtEnd), Now));

        entries.Add(Entry(Now.AddMinutes(5000)));
        var error = TimelineValidator.Validate(new Timeline(entries, ReloadPolicy.AtEnd), Now);
        Assert.Equal("the timeline has 1001 entries; at most 1000 are allowed", error);
    }

    [Fact]
    public void Content_limit_is_64_KiB_of_json()
    {
        Assert.Equal(65_536, TimelineValidator.MaxContentBytes);
        var atLimit = new Timeline([Entry(Now, StringContent(TimelineValidator.MaxContentBytes))], ReloadPolicy.Never);
        Assert.Null(TimelineValidator.Validate(atLimit, Now));

        var over = new Timeline([Entry(Now), Entry(Now.AddHours(1), StringContent(TimelineValidator.MaxContentBytes + 1))], ReloadPolicy.Never);
        Assert.Equal("entry 1 content is 65537 bytes of JSON; at most 65536 are allowed", TimelineValidator.Validate(over, Now));
    }

    [Fact]
    public void Content_size_counts_utf8_bytes_not_characters()
    {
        // 'é' is two bytes in UTF-8: 32 768 of them plus the quotes is over the limit though only 32 770 characters.
        var json = "\"" + new string('é', 32_768) + "\"";
        Assert.True(Encoding.UTF8.GetByteCount(json) > TimelineValidator.MaxContentBytes);
        var content = JsonDocument.Parse(json).RootElement.Clone();
        Assert.Contains("at most 65536", TimelineValidator.Validate(new Timeline([Entry(Now, content)], ReloadPolicy.Never), Now), StringComparison.Ordinal);
    }

    [Fact]
    public void Dates_more_than_a_year_away_are_refused()
    {
        var year = TimelineValidator.MaxDateDistance;
        Assert.Null(TimelineValidator.Validate(new Timeline([Entry(Now - year), Entry(Now + year)], ReloadPolicy.After(Now + year)), Now));

        var future = TimelineValidator.Validate(new Timeline([Entry(Now), Entry(Now + year + TimeSpan.FromSeconds(1))], ReloadPolicy.AtEnd), Now);
        Assert.StartsWith("entry 1 is dated 2031-03-01T09:00:01", future, StringComparison.Ordinal);
        Assert.Contains("more than a year from now", future, StringComparison.Ordinal);

        var past = TimelineValidator.Validate(new Timeline([Entry(Now - year - TimeSpan.FromSeconds(1))], ReloadPolicy.AtEnd), Now);
        Assert.StartsWith("entry 0 is dated 2029-03-01T08:59:59", past, StringComparison.Ordinal);

        var after = TimelineValidator.Validate(new Timeline([Entry(Now)], ReloadPolicy.After(Now.AddDays(366))), Now);
        Assert.StartsWith("the 'after' date 2031-03-02", after, StringComparison.Ordinal);
    }

    [Fact]
    public void After_needs_a_date_and_the_other_policies_must_not_have_one()
    {
        Assert.Equal("an 'after' reload policy needs a date",
            TimelineValidator.Validate(new Timeline([Entry(Now)], new ReloadPolicy(ReloadPolicyType.After)), Now));
        Assert.Equal("an 'atEnd' reload policy must not carry a date",
            TimelineValidator.Validate(new Timeline([Entry(Now)], new ReloadPolicy(ReloadPolicyType.AtEnd, Now)), Now));
        Assert.Equal("a 'never' reload policy must not carry a date",
            TimelineValidator.Validate(new Timeline([Entry(Now)], new ReloadPolicy(ReloadPolicyType.Never, Now)), Now));
    }

    [Fact]
    public void Empty_timelines_and_entries_without_content_are_refused()
    {
        Assert.Contains("no entries", TimelineValidator.Validate(new Timeline([], ReloadPolicy.Never), Now), StringComparison.Ordinal);
        Assert.Equal("entry 0 has no content", TimelineValidator.Validate(new Timeline([new TimelineEntry(Now, default)], ReloadPolicy.Never), Now));
        Assert.Equal("entry 0 relevance is not a finite number",
            TimelineValidator.Validate(new Timeline([new TimelineEntry(Now, Small, double.NaN)], ReloadPolicy.Never), Now));
    }

    [Fact]
    public void Entries_come_back_sorted_by_date_and_stable()
    {
        var a = JsonDocument.Parse("\"a\"").RootElement.Clone();
        var b = JsonDocument.Parse("\"b\"").RootElement.Clone();
        var timeline = new Timeline(
            [Entry(Now.AddHours(2)), Entry(Now, a), Entry(Now.AddHours(1)), Entry(Now, b)],
            ReloadPolicy.AtEnd);

        Assert.True(TimelineValidator.TryValidate(timeline, Now, out var normalized, out var error));
        Assert.Null(error);
        Assert.Equal([Now, Now, Now.AddHours(1), Now.AddHours(2)], normalized.Entries.Select(entry => entry.Date));
        Assert.Equal("a", normalized.Entries[0].Content.GetString());
        Assert.Equal("b", normalized.Entries[1].Content.GetString());
        Assert.Equal(ReloadPolicy.AtEnd, normalized.Policy);
    }
}
