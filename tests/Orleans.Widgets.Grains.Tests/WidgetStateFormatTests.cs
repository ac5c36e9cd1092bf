using System.Text;
using System.Text.Json;
using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Widgets;
using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Grains.Tests;

/// <summary>The stored form of a widget's state: compact, lossless, and states written by earlier versions still load.</summary>
public sealed class WidgetStateFormatTests
{
    // A widget row as the JSON store held it before the compact format (taken from a database), byte for byte.
    private const string Format1Row =
        """{"registration":{"app":"benchapp","kind":"bench.kind","family":"systemSmall","device":"d1895","configuration":{"n":"3"}},"timeline":{"entries":[{"date":"2026-11-22T01:12:07.6246268+00:00","content":{"value":1},"relevance":null},{"date":"2026-11-22T01:17:07.6246268+00:00","content":{"value":1},"relevance":null}],"policy":{"type":0,"date":null}},"lastReload":{"at":"2026-11-22T01:12:07.6246268+00:00","reason":2,"counted":false},"pending":null,"inFlight":null,"nextReloadAt":"2026-11-22T01:17:07.6246268+00:00","lastError":null,"consecutiveFailures":0,"sequence":3,"visibility":{"isVisible":false,"visibleSince":null,"observedSince":null,"decayedAt":null,"decayedViews":0,"decayedVisibleMinutes":0},"ledger":{"counted":[],"lastReloadAt":"2026-11-22T01:12:07.6246268+00:00","lastCountedAt":null}}""";

    // Every field set, in the format-1 shape.
    private const string Format1Full =
        """{"registration":{"app":"acme","kind":"news","family":"systemMedium","device":"phone","configuration":{"city":"paris"}},"timeline":{"entries":[{"date":"2030-03-01T09:00:00+02:00","content":{"headline":"a"},"relevance":0.5}],"policy":{"type":1,"date":"2030-03-01T12:00:00+00:00"}},"lastReload":{"at":"2030-03-01T08:00:00.0000001+00:00","reason":8,"counted":true},"pending":{"reason":3,"since":"2030-03-01T08:30:00+00:00","notBefore":"2030-03-01T08:35:00+00:00","waitingFor":"the reload budget"},"inFlight":{"sequence":7,"reason":1,"startedAt":"2030-03-01T08:31:00+00:00","counted":true},"nextReloadAt":"2030-03-01T12:00:00+00:00","lastError":"boom","consecutiveFailures":2,"sequence":7,"visibility":{"isVisible":true,"visibleSince":"2030-03-01T08:00:00+00:00","observedSince":"2030-02-01T00:00:00+00:00","decayedAt":"2030-03-01T08:00:00+00:00","decayedViews":3.25,"decayedVisibleMinutes":12.5},"ledger":{"counted":["2030-02-28T09:00:00+00:00","2030-03-01T08:00:00.0000001+00:00"],"lastReloadAt":"2030-03-01T08:00:00.0000001+00:00","lastCountedAt":"2030-03-01T08:00:00.0000001+00:00"}}""";

    private static readonly JsonGrainStateSerializer Serializer = new();

    [Fact]
    public void A_state_row_written_before_the_compact_format_still_loads()
    {
        var state = Serializer.Deserialize<WidgetState>(Encoding.UTF8.GetBytes(Format1Row));

        var at = DateTimeOffset.Parse("2026-11-22T01:12:07.6246268+00:00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("d1895", state.Registration!.Device);
        Assert.Equal("3", state.Registration.Configuration["n"]);
        Assert.Equal([at, at.AddMinutes(5)], state.Timeline!.Entries.Select(e => e.Date));
        Assert.Equal("""{"value":1}""", state.Timeline.Entries[0].Content.GetRawText());
        Assert.Equal(ReloadPolicyType.AtEnd, state.Timeline.Policy.Type);
        Assert.Equal(new LastReload(at, ReloadReason.AppRequested, false), state.LastReload);
        Assert.Equal(at.AddMinutes(5), state.NextReloadAt);
        Assert.Equal(3, state.Sequence);
        Assert.Null(state.Pending);
        Assert.Null(state.InFlight);
        Assert.Empty(state.Ledger.Counted);
        Assert.Equal(at, state.Ledger.LastReloadAt);
    }

    [Fact]
    public void Every_field_of_a_format_1_state_loads_and_survives_a_rewrite()
    {
        var old = Serializer.Deserialize<WidgetState>(Encoding.UTF8.GetBytes(Format1Full));
        AssertFullState(old);

        var rewritten = Serializer.Deserialize<WidgetState>(Serializer.Serialize(old));
        AssertFullState(rewritten);
        Assert.Equal(Describe(old), Describe(rewritten));
    }

    [Fact]
    public void The_compact_format_is_lossless_for_instants_offsets_and_sub_millisecond_ticks()
    {
        var state = Serializer.Deserialize<WidgetState>(Encoding.UTF8.GetBytes(Format1Full));
        var payload = Serializer.Serialize(state);
        var json = Encoding.UTF8.GetString(payload);

        Assert.StartsWith("""{"v":2,""", json, StringComparison.Ordinal);
        Assert.Contains("\"2030-03-01T09:00:00+02:00\"", json, StringComparison.Ordinal); // a non-UTC offset stays a string
        Assert.Contains(":1898596800000,", json, StringComparison.Ordinal); // a whole millisecond is an integer
        Assert.Contains(":1898582400000.0001", json, StringComparison.Ordinal); // 100 ns past it keeps the fraction
        var back = Serializer.Deserialize<WidgetState>(payload);
        Assert.Equal(TimeSpan.FromHours(2), back.Timeline!.Entries[0].Date.Offset);
        Assert.Equal(state.LastReload!.At.UtcTicks, back.LastReload!.At.UtcTicks); // 100 ns past a whole second
        Assert.Equal(state.Ledger.Counted.Select(c => c.UtcTicks), back.Ledger.Counted.Select(c => c.UtcTicks));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(10L)]
    [InlineData(5_000L)]
    [InlineData(12_345L)]
    [InlineData(638_000_000_000_010_000L + 9_990L)]
    [InlineData(-7L)]
    [InlineData(-12_345L)]
    public void A_sub_millisecond_instant_prints_the_digits_of_its_exact_millisecond_count_and_reads_back(long ticksSinceEpoch)
    {
        var instant = new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + ticksSinceEpoch, TimeSpan.Zero);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonInstant.Write(writer, instant);
        }

        var printed = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Equal((ticksSinceEpoch / (decimal)TimeSpan.TicksPerMillisecond).ToString(System.Globalization.CultureInfo.InvariantCulture), printed);
        using var document = JsonDocument.Parse(printed);
        Assert.Equal(instant, JsonInstant.Read(document.RootElement));
    }

    [Fact]
    public void The_compact_format_is_less_than_half_the_size_and_leaves_out_nulls_and_defaults()
    {
        var state = Serializer.Deserialize<WidgetState>(Encoding.UTF8.GetBytes(Format1Row));
        var payload = Serializer.Serialize(state);
        var json = Encoding.UTF8.GetString(payload);

        Assert.True(payload.Length * 2 < Encoding.UTF8.GetByteCount(Format1Row), $"{payload.Length} bytes: {json}");
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"vis\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"fails\"", json, StringComparison.Ordinal);
        Assert.Equal(Describe(state), Describe(Serializer.Deserialize<WidgetState>(payload)));
    }

    [Fact]
    public void An_empty_state_round_trips()
    {
        var payload = Serializer.Serialize(new WidgetState());
        Assert.Equal("""{"v":2}""", Encoding.UTF8.GetString(payload));
        var back = Serializer.Deserialize<WidgetState>(payload);
        Assert.Null(back.Registration);
        Assert.Equal(0, back.Sequence);
        Assert.NotNull(back.Visibility);
        Assert.NotNull(back.Ledger);
    }

    [Fact]
    public void A_state_of_an_unknown_format_is_refused_with_a_clear_error()
    {
        var error = Assert.Throws<JsonException>(() => Serializer.Deserialize<WidgetState>("""{"v":99,"seq":1}"""u8));
        Assert.Contains("format 99 is unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_reloads_a_widget_accepted_survive_the_compact_format()
    {
        var state = new WidgetState { AcceptedAppReloads = ["r1", "r2"] };
        var back = Serializer.Deserialize<WidgetState>(Serializer.Serialize(state));
        Assert.Equal(["r1", "r2"], back.AcceptedAppReloads);
    }

    [Fact]
    public void Every_property_of_the_state_is_one_the_compact_format_writes()
    {
        // The compact format names each field by hand: a property it does not know would be lost on every write.
        string[] written =
        [
            "Registration", "Timeline", "LastReload", "Pending", "InFlight", "NextReloadAt", "LastError",
            "ConsecutiveFailures", "Sequence", "AcceptedAppReloads", "Visibility", "Ledger",
        ];
        Assert.Equal(written.Order(StringComparer.Ordinal), typeof(WidgetState).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static void AssertFullState(WidgetState state)
    {
        var at = new DateTimeOffset(2030, 3, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(1);
        Assert.Equal("paris", state.Registration!.Configuration["city"]);
        var entry = Assert.Single(state.Timeline!.Entries);
        Assert.Equal(new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.FromHours(2)), entry.Date);
        Assert.Equal(0.5, entry.Relevance);
        Assert.Equal(ReloadPolicy.After(new DateTimeOffset(2030, 3, 1, 12, 0, 0, TimeSpan.Zero)), state.Timeline.Policy);
        Assert.Equal(new LastReload(at, ReloadReason.Interaction, true), state.LastReload);
        Assert.Equal(ReloadReason.BecameVisible, state.Pending!.Reason);
        Assert.Equal("the reload budget", state.Pending.WaitingFor);
        Assert.Equal(new InFlightReload(7, ReloadReason.Policy, new DateTimeOffset(2030, 3, 1, 8, 31, 0, TimeSpan.Zero), true), state.InFlight);
        Assert.Equal("boom", state.LastError);
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.Equal(7, state.Sequence);
        Assert.True(state.Visibility.IsVisible);
        Assert.Equal(3.25, state.Visibility.DecayedViews);
        Assert.Equal(12.5, state.Visibility.DecayedVisibleMinutes);
        Assert.Equal(new DateTimeOffset(2030, 2, 1, 0, 0, 0, TimeSpan.Zero), state.Visibility.ObservedSince);
        Assert.Equal(2, state.Ledger.Counted.Count);
        Assert.Equal(at, state.Ledger.LastCountedAt);
    }

    // Everything a state holds, as text, to compare two states field by field.
    private static string Describe(WidgetState s)
    {
        var timeline = s.Timeline is null ? "-" : string.Join(';', s.Timeline.Entries.Select(e => $"{e.Date:O}|{e.Content.GetRawText()}|{e.Relevance}")) + $"|{s.Timeline.Policy}";
        var v = s.Visibility;
        var l = s.Ledger;
        return string.Join(
            '\n',
            s.Registration is { } r ? $"{r.App}/{r.Kind}/{r.Family}/{r.Device}/{string.Join(',', r.Configuration.Select(p => $"{p.Key}={p.Value}"))}" : "-",
            timeline,
            $"{s.LastReload}",
            $"{s.Pending}",
            $"{s.InFlight}",
            $"{s.NextReloadAt:O}|{s.LastError}|{s.ConsecutiveFailures}|{s.Sequence}",
            $"{v.IsVisible}|{v.VisibleSince:O}|{v.ObservedSince:O}|{v.DecayedAt:O}|{v.DecayedViews}|{v.DecayedVisibleMinutes}",
            $"{string.Join(',', l.Counted.Select(c => c.ToString("O")))}|{l.LastReloadAt:O}|{l.LastCountedAt:O}");
    }
}
