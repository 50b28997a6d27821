using TwinCity.Models.Frames;
using TwinCity.Silo.Grains;

namespace TwinCity.Silo.Tests.Grains;

public sealed class TileValuesTests
{
    [Fact]
    public void Pending_changes_are_taken_once_and_all_values_stay_known()
    {
        var values = new TileValues(featureCount: 3, metricCount: 2);
        values.Set(new FeatureChange(2, 1, 7));
        values.Set(new FeatureChange(2, 1, 9));

        var first = values.TakePending();
        var second = values.TakePending();

        Assert.Equal([new FeatureChange(2, 1, 9)], first);
        Assert.Empty(second);
        Assert.Equal([new FeatureChange(2, 1, 9)], values.All());
    }

    [Fact]
    public void Out_of_range_change_is_refused_and_not_pending()
    {
        var values = new TileValues(featureCount: 3, metricCount: 2);

        Assert.False(values.Set(new FeatureChange(3, 0, 1)));
        Assert.False(values.Set(new FeatureChange(0, 2, 1)));
        Assert.False(values.Set(new FeatureChange(-1, 0, 1)));
        Assert.False(values.HasPending);
    }
}
