using TwinCity.Models.Frames;
using TwinCity.Silo.Grains;

namespace TwinCity.Silo.Tests.Grains;

public sealed class TileValuesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pending_changes_are_taken_once_and_all_values_stay_known()
    {
        var values = new TileValues(featureCount: 3, metricCount: 2);
        values.Apply(new FeatureReading(2, 1, 7, T0));
        values.Apply(new FeatureReading(2, 1, 9, T0.AddSeconds(1)));

        var first = values.TakePending();
        var second = values.TakePending();

        Assert.Equal([new FeatureChange(2, 1, 9)], first);
        Assert.Empty(second);
        Assert.Equal([new FeatureChange(2, 1, 9)], values.All());
    }

    [Fact]
    public void Older_or_repeated_reading_keeps_the_newer_value_and_is_not_pending()
    {
        var values = new TileValues(featureCount: 3, metricCount: 2);
        values.Apply(new FeatureReading(1, 0, 50, T0.AddMinutes(5)));
        values.TakePending();

        Assert.True(values.Apply(new FeatureReading(1, 0, 10, T0)));
        Assert.True(values.Apply(new FeatureReading(1, 0, 99, T0.AddMinutes(5))));

        Assert.False(values.HasPending);
        Assert.Equal([new FeatureChange(1, 0, 50)], values.All());
    }

    [Fact]
    public void Out_of_range_reading_is_refused_and_not_pending()
    {
        var values = new TileValues(featureCount: 3, metricCount: 2);

        Assert.False(values.Apply(new FeatureReading(3, 0, 1, T0)));
        Assert.False(values.Apply(new FeatureReading(0, 2, 1, T0)));
        Assert.False(values.Apply(new FeatureReading(-1, 0, 1, T0)));
        Assert.False(values.HasPending);
    }
}
