using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Tests.Ingestion;

public sealed class ReadingValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> Known = ["osm:way/1"];

    [Theory]
    [InlineData("osm:way/2", "power_kw", 1.0, 0, "unknown entity 'osm:way/2'")]
    [InlineData("osm:way/1", "speed", 1.0, 0, "unknown metric 'speed'")]
    [InlineData("osm:way/1", "power_kw", double.NaN, 0, "not a finite number")]
    [InlineData("osm:way/1", "power_kw", double.PositiveInfinity, 0, "not a finite number")]
    [InlineData("osm:way/1", "power_kw", 1.0, 3600, "in the future")]
    [InlineData("osm:way/1", "power_kw", 1.0, -30 * 86400, "in the past")]
    public void Invalid_reading_is_named_with_its_reason(string entity, string metric, double value, int offsetSeconds, string expected)
    {
        var problems = ReadingValidator.Validate([new EntityReading(entity, metric, value, Now.AddSeconds(offsetSeconds))], Known, Now, new IngestionOptions());

        Assert.Contains(expected, Assert.Single(problems).Reason);
    }

    [Fact]
    public void Batch_over_the_size_limit_is_rejected_before_reading_it()
    {
        var batch = Enumerable.Repeat(new EntityReading("osm:way/1", "power_kw", 1, Now), 11).ToArray();

        var problems = ReadingValidator.Validate(batch, Known, Now, new IngestionOptions { MaxBatchSize = 10 });

        Assert.Contains("at most 10", Assert.Single(problems).Reason);
    }

    [Fact]
    public void Valid_reading_has_no_problem()
    {
        Assert.Empty(ReadingValidator.Validate([new EntityReading("osm:way/1", "power_kw", 3.5, Now)], Known, Now, new IngestionOptions()));
    }
}
