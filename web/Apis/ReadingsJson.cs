using System.Globalization;
using System.Text.Json;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Web.Apis;

/// <summary>
/// Parses the body of <c>POST /api/readings</c>: a JSON array of
/// <c>{"entity": "osm:way/1", "metric": "power_kw", "value": 12.5, "time": "2026-11-22T10:00:00Z"}</c>
/// (time optional: the server's clock). Errors name the reading and the field, e.g. "[3].value: expected a number, found String".
/// </summary>
public static class ReadingsJson
{
    /// <summary>Deepest nesting accepted; readings need 2.</summary>
    public const int MaxDepth = 4;

    /// <summary>The readings, or the problems that prevent reading them.</summary>
    public static (List<EntityReading> Readings, List<string> Errors) Parse(ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var readings = new List<EntityReading>();
        var errors = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            errors.Add($"body is not valid JSON: {ex.Message}");
            return (readings, errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"body: expected a JSON array of readings, found {document.RootElement.ValueKind}");
                return (readings, errors);
            }

            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var reading = ParseOne(element, index, now, errors);
                if (reading is { } valid)
                {
                    readings.Add(valid);
                }

                index++;
            }
        }

        return (readings, errors);
    }

    private static EntityReading? ParseOne(JsonElement element, int index, DateTimeOffset now, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"[{index}]: expected an object, found {element.ValueKind}");
            return null;
        }

        var before = errors.Count;
        var entity = RequiredString(element, "entity", index, errors);
        var metric = RequiredString(element, "metric", index, errors);
        double value = 0;
        if (!element.TryGetProperty("value", out var valueElement))
        {
            errors.Add($"[{index}].value: missing");
        }
        else if (valueElement.ValueKind != JsonValueKind.Number || !valueElement.TryGetDouble(out value))
        {
            errors.Add($"[{index}].value: expected a number, found {valueElement.ValueKind}");
        }

        var time = now;
        if (element.TryGetProperty("time", out var timeElement) &&
            (timeElement.ValueKind != JsonValueKind.String ||
             !DateTimeOffset.TryParse(timeElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)))
        {
            errors.Add($"[{index}].time: expected an ISO 8601 date-time string");
        }

        return errors.Count == before ? new EntityReading(entity!, metric!, value, time) : null;
    }

    private static string? RequiredString(JsonElement element, string name, int index, List<string> errors)
    {
        if (element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String && property.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        errors.Add($"[{index}].{name}: expected a non-empty string");
        return null;
    }
}
