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
        if (TooLarge(batch.Count, options) is { } tooLarge)
        {
            problems.Add(tooLarge);
            return problems;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var reading = batch[i];
            var reason = !knownEntities.Contains(reading.EntityId) ? UnknownEntity(reading.EntityId)
                : MetricCatalog.IndexOf(reading.MetricId) < 0 ? UnknownMetric(reading.MetricId)
                : CheckMeasurement(reading.Value, reading.Time, now, options);
            if (reason is not null)
            {
                problems.Add(new ReadingProblem(i, reason));
            }
        }

        return problems;
    }

    /// <summary>
    /// As <see cref="Validate(IReadOnlyList{EntityReading}, IReadOnlySet{string}, DateTimeOffset, IngestionOptions)"/>
    /// for readings whose entity and metric were resolved already (so are known): their values and times.
    /// </summary>
    public static List<ReadingProblem> Validate(ReadOnlySpan<RoutedReading> batch, DateTimeOffset now, IngestionOptions options)
    {
        var problems = new List<ReadingProblem>();
        if (TooLarge(batch.Length, options) is { } tooLarge)
        {
            problems.Add(tooLarge);
            return problems;
        }

        for (var i = 0; i < batch.Length; i++)
        {
            if (CheckMeasurement(batch[i].Value, batch[i].Time, now, options) is { } reason)
            {
                problems.Add(new ReadingProblem(i, reason));
            }
        }

        return problems;
    }

    /// <summary>The problem of a reading for an entity the current city does not have.</summary>
    public static string UnknownEntity(string entityId) => $"unknown entity '{Truncate(entityId)}'";

    /// <summary>The problem of a reading of a metric the twin does not know.</summary>
    public static string UnknownMetric(string metricId) =>
        $"unknown metric '{Truncate(metricId)}'; known: {string.Join(", ", MetricCatalog.Buildings.Select(m => m.Id))}";

    private static ReadingProblem? TooLarge(int count, IngestionOptions options) =>
        count > options.MaxBatchSize ? new ReadingProblem(-1, $"batch holds {count} readings; at most {options.MaxBatchSize} are accepted") : null;

    private static string? CheckMeasurement(double value, DateTimeOffset time, DateTimeOffset now, IngestionOptions options)
    {
        if (!double.IsFinite(value))
        {
            return $"value {value} is not a finite number";
        }

        if (time > now + options.MaxFutureSkew)
        {
            return $"time {time:O} is more than {options.MaxFutureSkew} in the future";
        }

        return time < now - options.MaxAge
            ? $"time {time:O} is more than {options.MaxAge} in the past"
            : null;
    }

    private static string Truncate(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
