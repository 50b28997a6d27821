using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Tests.Grains;

namespace TwinCity.Silo.Tests.Ingestion;

[Collection(ClusterCollection.Name)]
public sealed class KeyedGrainsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Reference_from_the_resolved_grain_type_reaches_the_grain_GetGrain_names()
    {
        var id = "osm:way/keyed-" + Guid.NewGuid().ToString("N");
        await fixture.Client.GetGrain<IBuildingGrain>(id).InitializeAsync(new BuildingInfo(id, "Keyed", 9, 0, false, 50, "t-keyed", 0, new Dictionary<string, string>()));

        var keyed = Keyed<IBuildingGrain>().Get(id);

        Assert.Equal(fixture.Client.GetGrain<IBuildingGrain>(id).GetGrainId(), keyed.GetGrainId());
        Assert.Equal("Keyed", (await keyed.GetSnapshotAsync())!.Info.Name);
    }

    [Fact]
    public async Task References_of_two_interfaces_with_one_key_name_different_grains()
    {
        var tiles = Keyed<ITileGrain>();
        var buildings = Keyed<IBuildingGrain>();

        Assert.NotEqual(tiles.Get("same-key").GetGrainId(), buildings.Get("same-key").GetGrainId());
        Assert.Equal(fixture.Client.GetGrain<ITileGrain>("same-key").GetGrainId(), tiles.Get("same-key").GetGrainId());
    }

    private KeyedGrains<T> Keyed<T>()
        where T : IGrainWithStringKey =>
        new(fixture.Client, fixture.Client.ServiceProvider.GetRequiredService<GrainInterfaceTypeResolver>(), fixture.Client.ServiceProvider.GetRequiredService<GrainInterfaceTypeToGrainTypeResolver>());
}
