using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;

namespace TwinCity.Importers.Sources;

/// <summary>
/// The one place every reader sends a footprint through: it must be polygonal, lie inside WGS 84's
/// ranges (which catches projected coordinates in a file that claims to be geographic), and be valid.
/// An invalid footprint is repaired with NTS's <see cref="GeometryFixer"/> and the repair reported;
/// one that cannot be repaired is skipped with the reason. Nothing is dropped or changed silently.
/// </summary>
public sealed class FootprintCheck(string file)
{
    /// <summary>Most vertices a footprint may have: real buildings have tens, a hostile file millions.</summary>
    public const int MaxVertices = 20_000;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    // Footprints leave here as packed sequences (one double array each): readers' Coordinate objects
    // are garbage once a feature is checked, which matters when a city holds a million of them.
    private static readonly GeometryFactory Packed = new(new PrecisionModel(), 4326, NetTopologySuite.Geometries.Implementation.PackedCoordinateSequenceFactory.DoubleFactory);

    private readonly List<string> _skipped = [];
    private readonly List<string> _repaired = [];

    /// <summary>Features left out so far, each "file id: reason".</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    /// <summary>Features repaired so far, each "file id: what".</summary>
    public IReadOnlyList<string> Repaired => _repaired;

    /// <summary>Records a feature left out for a reason found elsewhere.</summary>
    public void Skip(string featureId, string reason) => _skipped.Add($"{file} {featureId}: {reason}");

    /// <summary>The footprint as a valid WGS 84 multipolygon, or null when the feature was skipped.</summary>
    public MultiPolygon? Check(string featureId, Geometry? geometry)
    {
        if (geometry is null || geometry.IsEmpty)
        {
            Skip(featureId, "no geometry");
            return null;
        }

        if (geometry is not (Polygon or MultiPolygon))
        {
            Skip(featureId, $"geometry is a {geometry.GeometryType}, not a polygon");
            return null;
        }

        if (geometry.NumPoints > MaxVertices)
        {
            Skip(featureId, $"footprint has {geometry.NumPoints} vertices, more than the {MaxVertices} a building can plausibly have");
            return null;
        }

        var envelope = geometry.EnvelopeInternal;
        if (envelope.MinX < -180 || envelope.MaxX > 180 || envelope.MinY < -90 || envelope.MaxY > 90
            || !double.IsFinite(envelope.Width) || !double.IsFinite(envelope.Height))
        {
            Skip(featureId, $"coordinates ({envelope.MinX:0.###}, {envelope.MinY:0.###}) are outside WGS 84 longitude/latitude; is the CRS right?");
            return null;
        }

        var valid = new IsValidOp(geometry);
        if (!valid.IsValid)
        {
            var problem = valid.ValidationError;
            var fixedGeometry = Polygonal(GeometryFixer.Fix(geometry));
            if (fixedGeometry is null)
            {
                Skip(featureId, $"footprint is invalid ({problem.Message} at {problem.Coordinate}) and cannot be repaired");
                return null;
            }

            _repaired.Add($"{file} {featureId}: footprint was invalid ({problem.Message} at {problem.Coordinate}); repaired");
            return (MultiPolygon)Packed.CreateGeometry(fixedGeometry);
        }

        return (MultiPolygon)Packed.CreateGeometry(geometry as MultiPolygon ?? Factory.CreateMultiPolygon([(Polygon)geometry]));
    }

    private static MultiPolygon? Polygonal(Geometry geometry)
    {
        var polygons = new List<Polygon>();
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            switch (geometry.GetGeometryN(i))
            {
                case Polygon { IsEmpty: false } polygon:
                    polygons.Add(polygon);
                    break;
                case MultiPolygon multi:
                    polygons.AddRange(multi.Geometries.Cast<Polygon>().Where(p => !p.IsEmpty));
                    break;
            }
        }

        return polygons.Count == 0 ? null : Factory.CreateMultiPolygon([.. polygons]);
    }
}
