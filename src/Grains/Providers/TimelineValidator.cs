using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Providers;

/// <summary>
/// Checks a timeline from a provider before the runtime accepts it: entry count, content size, dates near now,
/// and a reload policy that carries a date exactly when it needs one. Accepted timelines come back with their
/// entries sorted by date (stable: entries with the same date keep their order).
/// </summary>
public static class TimelineValidator
{
    /// <summary>Most entries one timeline may have.</summary>
    public const int MaxEntries = 1_000;

    /// <summary>Largest content of one entry, in bytes of UTF-8 JSON (64 KiB).</summary>
    public const int MaxContentBytes = 64 * 1024;

    /// <summary>How far from now (in either direction) an entry date or an <c>after</c> date may be.</summary>
    public static readonly TimeSpan MaxDateDistance = TimeSpan.FromDays(365);

    /// <summary>Why <paramref name="timeline"/> is not acceptable at <paramref name="now"/>, or <see langword="null"/> if it is.</summary>
    public static string? Validate(Timeline timeline, DateTimeOffset now) =>
        TryValidate(timeline, now, out _, out var error) ? null : error;

    /// <summary>
    /// Validates <paramref name="timeline"/> at <paramref name="now"/>; on success <paramref name="normalized"/> is the
    /// timeline with its entries sorted by date, otherwise <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryValidate(
        Timeline timeline,
        DateTimeOffset now,
        [NotNullWhen(true)] out Timeline? normalized,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        normalized = null;
        error = Check(timeline, now);
        if (error is not null)
        {
            return false;
        }

        normalized = IsSorted(timeline.Entries)
            ? timeline
            : timeline with { Entries = [.. timeline.Entries.OrderBy(entry => entry.Date)] };
        return true;
    }

    private static string? Check(Timeline timeline, DateTimeOffset now)
    {
        var entries = timeline.Entries;
        if (entries is null)
        {
            return "the timeline has no entries list";
        }

        if (entries.Count == 0)
        {
            return "the timeline has no entries; it needs at least one";
        }

        if (entries.Count > MaxEntries)
        {
            return $"the timeline has {entries.Count} entries; at most {MaxEntries} are allowed";
        }

        var earliest = now - MaxDateDistance;
        var latest = now + MaxDateDistance;
        CountingBufferWriter? counter = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry is null)
            {
                return $"entry {i} is null";
            }

            if (entry.Date < earliest || entry.Date > latest)
            {
                return $"entry {i} is dated {Format(entry.Date)}, more than a year from now ({Format(now)})";
            }

            if (entry.Content.ValueKind == JsonValueKind.Undefined)
            {
                return $"entry {i} has no content";
            }

            // Compact JSON writes each raw byte as at most six (a \uXXXX escape), so small raw content is within the
            // limit without measuring it: every reload validates its timeline, most are far smaller than the limit.
            if (JsonMarshal.GetRawUtf8Value(entry.Content).Length * MaxEscapeExpansion > MaxContentBytes
                && (counter ??= new CountingBufferWriter()).Measure(entry.Content) is var size && size > MaxContentBytes)
            {
                return $"entry {i} content is {size} bytes of JSON; at most {MaxContentBytes} are allowed";
            }

            if (entry.Relevance is double relevance && !double.IsFinite(relevance))
            {
                return $"entry {i} relevance is not a finite number";
            }
        }

        var policy = timeline.Policy;
        if (policy is null)
        {
            return "the timeline has no reload policy";
        }

        switch (policy.Type)
        {
            case ReloadPolicyType.After when policy.Date is null:
                return "an 'after' reload policy needs a date";
            case ReloadPolicyType.After when policy.Date < earliest || policy.Date > latest:
                return $"the 'after' date {Format(policy.Date.Value)} is more than a year from now ({Format(now)})";
            case ReloadPolicyType.AtEnd when policy.Date is not null:
                return "an 'atEnd' reload policy must not carry a date";
            case ReloadPolicyType.Never when policy.Date is not null:
                return "a 'never' reload policy must not carry a date";
            case ReloadPolicyType.After or ReloadPolicyType.AtEnd or ReloadPolicyType.Never:
                return null;
            default:
                return $"unknown reload policy type {(int)policy.Type}";
        }
    }

    private const int MaxEscapeExpansion = 6;

    private static bool IsSorted(IReadOnlyList<TimelineEntry> entries)
    {
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Date < entries[i - 1].Date)
            {
                return false;
            }
        }

        return true;
    }

    private static string Format(DateTimeOffset date) => date.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Counts the bytes of compact UTF-8 JSON written to it, reusing one scratch buffer.</summary>
    private sealed class CountingBufferWriter : IBufferWriter<byte>
    {
        // Non-ASCII text counts as its UTF-8 bytes, not as \uXXXX escapes.
        private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

        private byte[] _scratch = new byte[4096];
        private long _count;

        public long Measure(JsonElement element)
        {
            _count = 0;
            using (var writer = new Utf8JsonWriter(this, Options))
            {
                element.WriteTo(writer);
            }

            return _count;
        }

        public void Advance(int count) => _count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private byte[] Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[sizeHint];
            }

            return _scratch;
        }
    }
}
