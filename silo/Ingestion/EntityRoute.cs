using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Where an entity's readings go in one version of the city: which grain interface serves it and the
/// tile feature that draws it. <see cref="EntityDirectory"/> makes one per entity per city version, and a
/// sensor's route keeps its entity's, so a reading reaches its entity, its tile and its queue without a
/// look-up by entity id: at 100,000 sensors each look-up into a table of the whole city is a cache miss,
/// and they were a fifth of the ingestion's CPU.
/// </summary>
public sealed class EntityRoute
{
    internal EntityRoute(EntityRoutes owner, string id, bool isNetwork, TileFeature? place) =>
        (Owner, Id, IsNetwork, Place) = (owner, id, isNetwork, place);

    /// <summary>The entity id.</summary>
    public string Id { get; }

    /// <summary>Served by <c>INetworkEntityGrain</c> (street segments, utility elements) rather than <c>IBuildingGrain</c>.</summary>
    public bool IsNetwork { get; }

    /// <summary>The tile and feature that draw it; null for an entity no tile draws.</summary>
    public TileFeature? Place { get; }

    /// <summary>The city version this route belongs to.</summary>
    internal EntityRoutes Owner { get; }

    /// <summary>
    /// The entity's queue in the ingestion (<see cref="Coalescer{TItem}"/>) as last seen: a hint that spares
    /// looking it up by id, checked before use, since a queue is dropped once its entity falls silent.
    /// </summary>
    internal Coalescer<MetricReading>.Mailbox? Mailbox;
}

/// <summary>Every entity's <see cref="EntityRoute"/> in one version of the city.</summary>
public sealed class EntityRoutes
{
    private readonly Dictionary<string, EntityRoute> _routes;

    internal EntityRoutes(IReadOnlySet<string> ids, IReadOnlySet<string> networkIds, IReadOnlyDictionary<string, TileFeature> places)
    {
        Ids = ids;
        _routes = new Dictionary<string, EntityRoute>(ids.Count, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            _routes[id] = new EntityRoute(this, id, networkIds.Contains(id), places.TryGetValue(id, out var place) ? place : null);
        }
    }

    /// <summary>The id of every entity of this version of the city.</summary>
    public IReadOnlySet<string> Ids { get; }

    /// <summary>The route of entity <paramref name="id"/>, or null when the city has no such entity.</summary>
    public EntityRoute? Find(string id) => _routes.GetValueOrDefault(id);
}
