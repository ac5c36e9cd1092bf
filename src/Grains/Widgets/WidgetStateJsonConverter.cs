using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Widgets.Grains.Budget;
using Orleans.Widgets.Grains.Model;

namespace Orleans.Widgets.Grains.Widgets;

/// <summary>
/// The stored form of <see cref="WidgetState"/>. A widget writes its state at least twice per reload, so the row is
/// kept small: format 2 (<c>"v":2</c>) has short names, leaves out nulls and defaults, and writes instants as Unix
/// milliseconds (<see cref="JsonInstant"/>); it stays JSON, readable when debugging. States written before format 2
/// (the plain camelCase serialization of <see cref="WidgetState"/>, no <c>"v"</c>) are still read.
/// </summary>
/// <remarks>
/// Format 2: <c>reg</c> registration (as in format 1); <c>tl</c> timeline <c>{"e":[[date, content, relevance?]...],
/// "p":policy type, "pd":policy date?}</c>; <c>last</c> last reload <c>[at, reason, counted]</c>; <c>pend</c> pending
/// reload <c>{"r","s","n","w"}</c> (reason, since, not before, waiting for); <c>fly</c> in-flight reload
/// <c>[sequence, reason, started at, counted]</c>; <c>next</c>, <c>err</c>, <c>fails</c>, <c>seq</c>; <c>vis</c>
/// visibility <c>{"on","since","obs","at","views","mins"}</c>; <c>ledger</c> <c>{"c":[counted instants],"last","lastc"}</c>.
/// Enums are their numbers, as in format 1.
/// </remarks>
internal sealed class WidgetStateJsonConverter : JsonConverter<WidgetState>
{
    private const int Format = 2;

    public override WidgetState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A stored widget state is a JSON object, not {root.ValueKind}.");
        }

        if (!root.TryGetProperty("v", out var version))
        {
            return ReadFormat1(root, options);
        }

        return version.GetInt32() == Format
            ? ReadFormat2(root, options)
            : throw new JsonException($"Stored widget state format {version.GetInt32()} is unknown (this version reads formats 1 and {Format}).");
    }

    public override void Write(Utf8JsonWriter writer, WidgetState value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("v", Format);
        if (value.Registration is { } registration)
        {
            WriteRegistration(writer, registration);
        }

        if (value.Timeline is { } timeline)
        {
            WriteTimeline(writer, timeline);
        }

        if (value.LastReload is { } last)
        {
            writer.WriteStartArray("last");
            JsonInstant.Write(writer, last.At);
            writer.WriteNumberValue((int)last.Reason);
            writer.WriteBooleanValue(last.Counted);
            writer.WriteEndArray();
        }

        if (value.Pending is { } pending)
        {
            writer.WriteStartObject("pend");
            writer.WriteNumber("r", (int)pending.Reason);
            JsonInstant.Write(writer, "s", pending.Since);
            JsonInstant.Write(writer, "n", pending.NotBefore);
            writer.WriteString("w", pending.WaitingFor);
            writer.WriteEndObject();
        }

        if (value.InFlight is { } inFlight)
        {
            writer.WriteStartArray("fly");
            writer.WriteNumberValue(inFlight.Sequence);
            writer.WriteNumberValue((int)inFlight.Reason);
            JsonInstant.Write(writer, inFlight.StartedAt);
            writer.WriteBooleanValue(inFlight.Counted);
            writer.WriteEndArray();
        }

        JsonInstant.WriteIfSet(writer, "next", value.NextReloadAt);
        if (value.LastError is { } error)
        {
            writer.WriteString("err", error);
        }

        if (value.ConsecutiveFailures != 0)
        {
            writer.WriteNumber("fails", value.ConsecutiveFailures);
        }

        if (value.Sequence != 0)
        {
            writer.WriteNumber("seq", value.Sequence);
        }

        if (value.AcceptedAppReloads is { Count: > 0 } accepted)
        {
            writer.WriteStartArray("apps");
            foreach (var reloadId in accepted)
            {
                writer.WriteStringValue(reloadId);
            }

            writer.WriteEndArray();
        }

        WriteVisibility(writer, value.Visibility);
        WriteLedger(writer, value.Ledger);
        writer.WriteEndObject();
    }

    // What JsonSerializer writes for the record under the web defaults (camelCase, declaration order), without the
    // nested serializer call, which costs a stack of frames per write.
    private static void WriteRegistration(Utf8JsonWriter writer, WidgetRegistration registration)
    {
        writer.WriteStartObject("reg");
        writer.WriteString("app", registration.App);
        writer.WriteString("kind", registration.Kind);
        writer.WriteString("family", registration.Family);
        writer.WriteString("device", registration.Device);
        if (registration.Configuration is null)
        {
            writer.WriteNull("configuration");
        }
        else
        {
            writer.WriteStartObject("configuration");
            foreach (var (key, value) in registration.Configuration)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteTimeline(Utf8JsonWriter writer, Timeline timeline)
    {
        writer.WriteStartObject("tl");
        writer.WriteStartArray("e");
        foreach (var entry in timeline.Entries)
        {
            writer.WriteStartArray();
            JsonInstant.Write(writer, entry.Date);
            entry.Content.WriteTo(writer);
            if (entry.Relevance is { } relevance)
            {
                writer.WriteNumberValue(relevance);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteNumber("p", (int)timeline.Policy.Type);
        JsonInstant.WriteIfSet(writer, "pd", timeline.Policy.Date);
        writer.WriteEndObject();
    }

    private static void WriteVisibility(Utf8JsonWriter writer, VisibilityStats visibility)
    {
        if (!visibility.IsVisible && visibility.VisibleSince is null && visibility.ObservedSince is null && visibility.DecayedAt is null
            && visibility.DecayedViews == 0 && visibility.DecayedVisibleMinutes == 0)
        {
            return;
        }

        writer.WriteStartObject("vis");
        if (visibility.IsVisible)
        {
            writer.WriteBoolean("on", true);
        }

        JsonInstant.WriteIfSet(writer, "since", visibility.VisibleSince);
        JsonInstant.WriteIfSet(writer, "obs", visibility.ObservedSince);
        JsonInstant.WriteIfSet(writer, "at", visibility.DecayedAt);
        if (visibility.DecayedViews != 0)
        {
            writer.WriteNumber("views", visibility.DecayedViews);
        }

        if (visibility.DecayedVisibleMinutes != 0)
        {
            writer.WriteNumber("mins", visibility.DecayedVisibleMinutes);
        }

        writer.WriteEndObject();
    }

    private static void WriteLedger(Utf8JsonWriter writer, ReloadLedger ledger)
    {
        if (ledger.Counted.Count == 0 && ledger.LastReloadAt is null && ledger.LastCountedAt is null)
        {
            return;
        }

        writer.WriteStartObject("ledger");
        if (ledger.Counted.Count > 0)
        {
            writer.WriteStartArray("c");
            foreach (var at in ledger.Counted)
            {
                JsonInstant.Write(writer, at);
            }

            writer.WriteEndArray();
        }

        JsonInstant.WriteIfSet(writer, "last", ledger.LastReloadAt);
        JsonInstant.WriteIfSet(writer, "lastc", ledger.LastCountedAt);
        writer.WriteEndObject();
    }

    private static WidgetState ReadFormat2(JsonElement root, JsonSerializerOptions options)
    {
        var state = new WidgetState();
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "reg":
                    state.Registration = value.Deserialize<WidgetRegistration>(options);
                    break;
                case "tl":
                    state.Timeline = ReadTimeline(value);
                    break;
                case "last":
                    state.LastReload = new LastReload(JsonInstant.Read(value[0]), (ReloadReason)value[1].GetInt32(), value[2].GetBoolean());
                    break;
                case "pend":
                    state.Pending = new PendingReload(
                        (ReloadReason)value.GetProperty("r").GetInt32(),
                        JsonInstant.Read(value.GetProperty("s")),
                        JsonInstant.Read(value.GetProperty("n")),
                        value.GetProperty("w").GetString() ?? string.Empty);
                    break;
                case "fly":
                    state.InFlight = new InFlightReload(value[0].GetInt64(), (ReloadReason)value[1].GetInt32(), JsonInstant.Read(value[2]), value[3].GetBoolean());
                    break;
                case "next":
                    state.NextReloadAt = JsonInstant.Read(value);
                    break;
                case "err":
                    state.LastError = value.GetString();
                    break;
                case "fails":
                    state.ConsecutiveFailures = value.GetInt32();
                    break;
                case "seq":
                    state.Sequence = value.GetInt64();
                    break;
                case "apps":
                    state.AcceptedAppReloads = value.EnumerateArray().Select(static id => id.GetString()!).ToList();
                    break;
                case "vis":
                    state.Visibility = ReadVisibility(value);
                    break;
                case "ledger":
                    state.Ledger = ReadLedger(value);
                    break;
                default:
                    break; // "v", or a field a later format added
            }
        }

        return state;
    }

    private static Timeline ReadTimeline(JsonElement value)
    {
        var entries = new List<TimelineEntry>();
        foreach (var entry in value.GetProperty("e").EnumerateArray())
        {
            var relevance = entry.GetArrayLength() > 2 ? entry[2].GetDouble() : (double?)null;
            entries.Add(new TimelineEntry(JsonInstant.Read(entry[0]), entry[1].Clone(), relevance));
        }

        var policyDate = value.TryGetProperty("pd", out var date) ? JsonInstant.Read(date) : (DateTimeOffset?)null;
        return new Timeline(entries, new ReloadPolicy((ReloadPolicyType)value.GetProperty("p").GetInt32(), policyDate));
    }

    private static VisibilityStats ReadVisibility(JsonElement value)
    {
        var visibility = new VisibilityStats();
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "on":
                    visibility.IsVisible = property.Value.GetBoolean();
                    break;
                case "since":
                    visibility.VisibleSince = JsonInstant.Read(property.Value);
                    break;
                case "obs":
                    visibility.ObservedSince = JsonInstant.Read(property.Value);
                    break;
                case "at":
                    visibility.DecayedAt = JsonInstant.Read(property.Value);
                    break;
                case "views":
                    visibility.DecayedViews = property.Value.GetDouble();
                    break;
                case "mins":
                    visibility.DecayedVisibleMinutes = property.Value.GetDouble();
                    break;
                default:
                    break;
            }
        }

        return visibility;
    }

    private static ReloadLedger ReadLedger(JsonElement value)
    {
        var ledger = new ReloadLedger();
        foreach (var property in value.EnumerateObject())
        {
            switch (property.Name)
            {
                case "c":
                    ledger.Counted = [.. property.Value.EnumerateArray().Select(JsonInstant.Read)];
                    break;
                case "last":
                    ledger.LastReloadAt = JsonInstant.Read(property.Value);
                    break;
                case "lastc":
                    ledger.LastCountedAt = JsonInstant.Read(property.Value);
                    break;
                default:
                    break;
            }
        }

        return ledger;
    }

    // Format 1: WidgetState serialized as a plain object with the runtime's options (camelCase names, nulls written).
    private static WidgetState ReadFormat1(JsonElement root, JsonSerializerOptions options)
    {
        var state = new WidgetState();
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name.ToLowerInvariant())
            {
                case "registration":
                    state.Registration = value.Deserialize<WidgetRegistration>(options);
                    break;
                case "timeline":
                    state.Timeline = value.Deserialize<Timeline>(options);
                    break;
                case "lastreload":
                    state.LastReload = value.Deserialize<LastReload>(options);
                    break;
                case "pending":
                    state.Pending = value.Deserialize<PendingReload>(options);
                    break;
                case "inflight":
                    state.InFlight = value.Deserialize<InFlightReload>(options);
                    break;
                case "nextreloadat":
                    state.NextReloadAt = value.Deserialize<DateTimeOffset?>(options);
                    break;
                case "lasterror":
                    state.LastError = value.Deserialize<string?>(options);
                    break;
                case "consecutivefailures":
                    state.ConsecutiveFailures = value.GetInt32();
                    break;
                case "sequence":
                    state.Sequence = value.GetInt64();
                    break;
                case "acceptedappreloads":
                    state.AcceptedAppReloads = value.Deserialize<List<string>?>(options);
                    break;
                case "visibility":
                    state.Visibility = value.Deserialize<VisibilityStats>(options) ?? new VisibilityStats();
                    break;
                case "ledger":
                    state.Ledger = value.Deserialize<ReloadLedger>(options) ?? new ReloadLedger();
                    break;
                default:
                    break;
            }
        }

        return state;
    }
}
