using System.Text.Json;

namespace TwinCity.Silo.Ingestion.Senml;

/// <summary>
/// Parses SenML JSON packs (RFC 8428) into resolved records: base name, time, unit and value are
/// carried forward as §4.6 says; times under 2^28 are relative to now (§4.5.3). Only numeric values
/// are accepted (a twin metric is a number); string, boolean and data values are refused by record.
/// Every problem names the record and the field, e.g. "[3].v: expected a number, found String".
/// </summary>
public static class SenmlParser
{
    /// <summary>Times below this are relative to now (RFC 8428 §4.5.3).</summary>
    public const double RelativeTimeLimit = 268_435_456; // 2^28 seconds

    /// <summary>Parses a pack; returns the records, or the problems (then no record is returned).</summary>
    /// <param name="json">The pack.</param>
    /// <param name="now">The time relative times count from.</param>
    /// <param name="maxRecords">Most records accepted.</param>
    /// <param name="defaultName">The name of a record with neither a name nor a base name, when the transport says which sensor speaks (an MQTT topic); null to refuse such records.</param>
    public static (List<SenmlRecord> Records, List<string> Problems) Parse(ReadOnlySpan<byte> json, DateTimeOffset now, int maxRecords, string? defaultName = null)
    {
        var records = new List<SenmlRecord>();
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            problems.Add($"not JSON: {ex.Message.Split(" Path:")[0]}");
            return ([], problems);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"a SenML pack is a JSON array of records, found {root.ValueKind}");
                return ([], problems);
            }

            if (root.GetArrayLength() > maxRecords)
            {
                problems.Add($"the pack holds {root.GetArrayLength()} records, more than {maxRecords}; send smaller packs");
                return ([], problems);
            }

            records.Capacity = root.GetArrayLength(); // one array of the right size, not a doubling series
            var state = new BaseState();
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                if (Resolve(element, index, now, defaultName, ref state, problems) is { } record)
                {
                    records.Add(record);
                }

                index++;
            }
        }

        return problems.Count > 0 ? ([], problems) : (records, problems);
    }

    private static SenmlRecord? Resolve(JsonElement element, int index, DateTimeOffset now, string? defaultName, ref BaseState state, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"[{index}]: a record is a JSON object, found {element.ValueKind}");
            return null;
        }

        string? name = null;
        string? unit = null;
        double? value = null;
        double time = 0;
        var before = problems.Count;
        foreach (var field in element.EnumerateObject())
        {
            switch (field.Name)
            {
                case "bn": state.Name = Text(field, index, problems); break;
                case "bt": state.Time = Number(field, index, problems) ?? state.Time; break;
                case "bu": state.Unit = Text(field, index, problems); break;
                case "bv": state.Value = Number(field, index, problems) ?? state.Value; break;
                case "bver":
                    if (Number(field, index, problems) is { } version && version > 10)
                    {
                        problems.Add($"[{index}].bver: SenML version {version} is newer than RFC 8428's 10");
                    }

                    break;
                case "n": name = Text(field, index, problems); break;
                case "u": unit = Text(field, index, problems); break;
                case "v": value = Number(field, index, problems); break;
                case "t": time = Number(field, index, problems) ?? 0; break;
                case "vs" or "vb" or "vd":
                    problems.Add($"[{index}].{field.Name}: only numeric values (v) are accepted by the twin");
                    break;
                case "s" or "ut":
                    break; // sums and update times carry nothing a twin metric needs
                default:
                    if (field.Name.EndsWith('_'))
                    {
                        problems.Add($"[{index}].{field.Name}: a must-understand field (ending in _) that this server does not understand");
                    }

                    break; // other fields may be ignored (RFC 8428 §4.4)
            }
        }

        var fullName = (state.Name ?? string.Empty) + (name ?? string.Empty);
        if (fullName.Length == 0 && defaultName is not null)
        {
            fullName = defaultName;
        }

        if (fullName.Length == 0)
        {
            problems.Add($"[{index}]: no name (n) and no base name (bn)");
        }

        if (value is null && problems.Count == before)
        {
            problems.Add($"[{index}]: no numeric value (v)");
        }

        var seconds = state.Time + time;
        if (!double.IsFinite(seconds))
        {
            problems.Add($"[{index}].t: time is not finite");
        }

        if (problems.Count > before)
        {
            return null;
        }

        var when = Math.Abs(seconds) < RelativeTimeLimit
            ? now.AddSeconds(seconds)
            : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        return new SenmlRecord(fullName, unit ?? state.Unit, state.Value + value!.Value, when);
    }

    private static string? Text(JsonProperty field, int index, List<string> problems)
    {
        if (field.Value.ValueKind == JsonValueKind.String)
        {
            return field.Value.GetString();
        }

        problems.Add($"[{index}].{field.Name}: expected a string, found {field.Value.ValueKind}");
        return null;
    }

    private static double? Number(JsonProperty field, int index, List<string> problems)
    {
        if (field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        problems.Add($"[{index}].{field.Name}: expected a finite number, found {(field.Value.ValueKind == JsonValueKind.Number ? field.Value.GetRawText() : field.Value.ValueKind.ToString())}");
        return null;
    }

    private struct BaseState
    {
        public string? Name;
        public string? Unit;
        public double Time;
        public double Value;
    }
}
