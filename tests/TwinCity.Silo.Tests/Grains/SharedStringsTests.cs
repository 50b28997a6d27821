using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using TwinCity.Models.Entities;
using TwinCity.Silo.Grains;

namespace TwinCity.Silo.Tests.Grains;

public sealed class SharedStringsTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static BuildingInfo Building(string id, string street) => new(
        id, "Villa Ida", 12, 0, false, 140, new string("t-0-1"), 3,
        new Dictionary<string, string> { ["building"] = new string("yes"), ["name"] = "Villa Ida", ["addr:street"] = street });

    [Fact]
    public void Shared_description_answers_attribute_lookups_like_the_source()
    {
        var shared = new SharedStrings().Share(Building("osm:way/1", "Boulevard du Larvotto"));

        Assert.Equal(3, shared.Attributes.Count);
        Assert.Equal("yes", shared.Attributes["building"]);
        Assert.Equal("Boulevard du Larvotto", shared.Attributes.GetValueOrDefault("addr:street"));
        Assert.False(shared.Attributes.ContainsKey("height"));
        Assert.Throws<KeyNotFoundException>(() => shared.Attributes["height"]);
        Assert.Equal(["building", "name", "addr:street"], shared.Attributes.Keys);
    }

    [Fact]
    public void Two_descriptions_hold_one_copy_of_their_short_strings()
    {
        var strings = new SharedStrings();

        var first = strings.Share(Building("osm:way/1", "Rue Grimaldi"));
        var second = strings.Share(Building("osm:way/2", "Rue Grimaldi"));

        Assert.Same(first.Attributes["building"], second.Attributes["building"]);
        Assert.Same(first.Attributes["addr:street"], second.Attributes["addr:street"]);
        Assert.Same(first.TileId, second.TileId);
        Assert.Same(first.Attributes["name"], first.Name);
    }

    [Fact]
    public void Shared_description_survives_the_grain_state_serializer()
    {
        var shared = new SharedStrings().Share(Building("osm:way/1", "Avenue de la Costa"));

        var copy = Serializer.Deserialize<BuildingInfo>(Serializer.SerializeToArray(shared));

        Assert.NotNull(copy);
        Assert.Equal(shared.Attributes.OrderBy(a => a.Key), copy.Attributes.OrderBy(a => a.Key));
        Assert.Equal("Avenue de la Costa", copy.Attributes["addr:street"]);
    }
}
