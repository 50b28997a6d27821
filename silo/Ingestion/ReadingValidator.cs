using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Ingestion;

/// <summary>The rules a reading must meet before it may change the twin.</summary>
public static class ReadingValidator
{
    /// <summary>Every problem of every reading of <paramref name="batch"/>; empty when all are valid.</summary>
    public static List<ReadingProblem> Validate(
        IReadOnlyList<EntityReading> batch, IReadOnlySet<string> knownEntities, DateTimeOffset now, IngestionOptions options)
    {
        var problems = new List<ReadingProblem>();
        if (batch.Count > options.MaxBatchSize)
        {
            problems.Add(new ReadingProblem(-1, $"batch holds {batch.Count} readings; at most {options.MaxBatchSize} are accepted"));
            return problems;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var reason = Check(batch[i], knownEntities, now, options);
            if (reason is not null)
            {
                problems.Add(new ReadingProblem(i, reason));
            }
        }

        return problems;
    }

    private static string? Check(EntityReading reading, IReadOnlySet<string> knownEntities, DateTimeOffset now, IngestionOptions options)
    {
        if (!knownEntities.Contains(reading.EntityId))
        {
            return $"unknown entity '{Truncate(reading.EntityId)}'";
        }

        if (MetricCatalog.IndexOf(reading.MetricId) < 0)
        {
            return $"unknown metric '{Truncate(reading.MetricId)}'; known: {string.Join(", ", MetricCatalog.Buildings.Select(m => m.Id))}";
        }

        if (!double.IsFinite(reading.Value))
        {
            return $"value {reading.Value} is not a finite number";
        }

        if (reading.Time > now + options.MaxFutureSkew)
        {
            return $"time {reading.Time:O} is more than {options.MaxFutureSkew} in the future";
        }

        return reading.Time < now - options.MaxAge
            ? $"time {reading.Time:O} is more than {options.MaxAge} in the past"
            : null;
    }

    private static string Truncate(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
