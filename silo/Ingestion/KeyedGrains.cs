using System.Runtime.CompilerServices;
using Orleans.Metadata;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// References to grains of one interface by string key, for the ingestion path that makes one per
/// entity per call. <c>IGrainFactory.GetGrain&lt;T&gt;(string)</c> resolves the interface's grain
/// type from its attributes on every call (about a twentieth of the ingestion's CPU in a profile);
/// this resolves it once and builds each reference from the grain id.
/// </summary>
/// <remarks>
/// The grain type is looked up on first use, not at construction: a cluster client learns which
/// grain implements an interface only once it has connected to a silo. Until the lookup succeeds,
/// references come from <c>GetGrain&lt;T&gt;</c>, which fails the same way a plain call would.
/// </remarks>
/// <typeparam name="TGrain">The grain interface.</typeparam>
public sealed class KeyedGrains<TGrain>
    where TGrain : IGrainWithStringKey
{
    private readonly IGrainFactory _grains;
    private readonly GrainInterfaceTypeToGrainTypeResolver _grainTypes;
    private readonly GrainInterfaceType _interface;
    private volatile StrongBox<GrainType>? _type;

    /// <summary>Creates the references of <typeparamref name="TGrain"/>, with the resolvers of the process's Orleans services.</summary>
    public KeyedGrains(IGrainFactory grains, GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver grainTypes)
    {
        (_grains, _grainTypes) = (grains, grainTypes);
        _interface = interfaces.GetGrainInterfaceType(typeof(TGrain));
    }

    /// <summary>The reference to the grain with key <paramref name="key"/>; the same grain <c>GetGrain&lt;T&gt;(key)</c> names.</summary>
    public TGrain Get(string key)
    {
        if (_type is not { } type)
        {
            try
            {
                _type = type = new StrongBox<GrainType>(_grainTypes.GetGrainType(_interface));
            }
            catch (ArgumentException)
            {
                return _grains.GetGrain<TGrain>(key); // not known yet (a client before it connected): no caching
            }
        }

        return (TGrain)_grains.GetGrain(GrainId.Create(type.Value, key), _interface);
    }
}
