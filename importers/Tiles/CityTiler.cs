using System.Globalization;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Groups buildings into an adaptive quadtree over a square grid in the local frame: the root square
/// covers every grid cell holding a building, and a square holding more than
/// <see cref="TilingSettings.SplitAboveFeatures"/> buildings is split into four, down to one cell.
/// Every leaf is one tile: one GLB, one draw call, one unit of live updates.
/// </summary>
/// <remarks>
/// Why adaptive: a fixed 400 m grid gives a million-building city ~18,000 tiles of ~50 buildings,
/// and each tile costs a file (slow to create on network and container file systems), a GLB header,
/// a property-table schema and a draw call. Few, full tiles cost less everywhere; the tree also gives
/// 3D Tiles clients a hierarchy to cull with.
/// </remarks>
public sealed class CityTiler(TilingSettings settings)
{
    /// <summary>Plans the tiles for <paramref name="buildings"/>. Within a tile, buildings keep their input order.</summary>
    public TileTree Plan(IReadOnlyList<ImportedBuilding> buildings)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        if (settings.TileSizeMeters <= 0 || settings.SplitAboveFeatures < 1 || settings.MaxFeaturesPerTile is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"TilingSettings: TileSizeMeters {settings.TileSizeMeters} must be > 0, SplitAboveFeatures {settings.SplitAboveFeatures} >= 1, MaxFeaturesPerTile {settings.MaxFeaturesPerTile} in [1, 65535]"));
        }

        if (buildings.Count == 0)
        {
            return new TileTree(new TileNode(new Envelope(), 0, [], null), []);
        }

        return new Quadtree(settings, buildings).Build();
    }

    /// <summary>One planning run: buildings sorted into squares by a stable in-place partition of their indexes.</summary>
    private sealed class Quadtree
    {
        private readonly TilingSettings _settings;
        private readonly IReadOnlyList<ImportedBuilding> _buildings;
        private readonly int[] _column;
        private readonly int[] _row;
        private readonly int[] _order;
        private readonly int[] _scratch;
        private readonly int _levels;
        private readonly List<TilePlan> _tiles = [];

        public Quadtree(TilingSettings settings, IReadOnlyList<ImportedBuilding> buildings)
        {
            _settings = settings;
            _buildings = buildings;
            var count = buildings.Count;
            _column = new int[count];
            _row = new int[count];
            _order = new int[count];
            _scratch = new int[count];
            var size = settings.TileSizeMeters;
            int minColumn = int.MaxValue, minRow = int.MaxValue, maxColumn = int.MinValue, maxRow = int.MinValue;
            for (var i = 0; i < count; i++)
            {
                var footprint = buildings[i].Footprint;
                var column = (int)Math.Floor((footprint.MinX + footprint.MaxX) / 2 / size);
                var row = (int)Math.Floor((footprint.MinY + footprint.MaxY) / 2 / size);
                (_column[i], _row[i], _order[i]) = (column, row, i);
                (minColumn, minRow) = (Math.Min(minColumn, column), Math.Min(minRow, row));
                (maxColumn, maxRow) = (Math.Max(maxColumn, column), Math.Max(maxRow, row));
            }

            for (var i = 0; i < count; i++)
            {
                _column[i] -= minColumn;
                _row[i] -= minRow;
            }

            var span = Math.Max((long)maxColumn - minColumn, (long)maxRow - minRow) + 1;
            while (1L << _levels < span)
            {
                _levels++;
            }
        }

        public TileTree Build() => new(Node(0, 0, 0, 0, _order.Length), _tiles);

        private TileNode Node(int level, int column, int row, int start, int count)
        {
            var leafSize = Math.Min(_settings.SplitAboveFeatures, _settings.MaxFeaturesPerTile);
            if (count <= leafSize || level == _levels)
            {
                return Leaf(string.Create(CultureInfo.InvariantCulture, $"{level}_{column}_{row}"), start, count);
            }

            // Stable four-way partition by the next bit of column and row: south-west, south-east, north-west, north-east.
            var shift = _levels - level - 1;
            Span<int> counts = stackalloc int[4];
            for (var i = start; i < start + count; i++)
            {
                counts[Quarter(_order[i], shift)]++;
            }

            Span<int> next = [start, start + counts[0], start + counts[0] + counts[1], start + counts[0] + counts[1] + counts[2]];
            Span<int> firsts = stackalloc int[4];
            next.CopyTo(firsts);
            for (var i = start; i < start + count; i++)
            {
                var b = _order[i];
                _scratch[next[Quarter(b, shift)]++] = b;
            }

            Array.Copy(_scratch, start, _order, start, count);
            var children = new List<TileNode>(4);
            for (var q = 0; q < 4; q++)
            {
                if (counts[q] > 0)
                {
                    children.Add(Node(level + 1, (column * 2) + (q & 1), (row * 2) + (q >> 1), firsts[q], counts[q]));
                }
            }

            return Inner(children);
        }

        private int Quarter(int building, int shift) => ((_column[building] >> shift) & 1) | (((_row[building] >> shift) & 1) << 1);

        /// <summary>A tile, or for a smallest square over <see cref="TilingSettings.MaxFeaturesPerTile"/>, an inner node over its parts.</summary>
        private TileNode Leaf(string id, int start, int count)
        {
            var max = _settings.MaxFeaturesPerTile;
            if (count <= max)
            {
                return Tile(id, start, count);
            }

            var parts = new List<TileNode>();
            for (var part = 0; part * max < count; part++)
            {
                parts.Add(Tile(part == 0 ? id : string.Create(CultureInfo.InvariantCulture, $"{id}_{part}"), start + (part * max), Math.Min(max, count - (part * max))));
            }

            return Inner(parts);
        }

        private TileNode Tile(string id, int start, int count)
        {
            var buildings = new ImportedBuilding[count];
            double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
            var maxHeight = 0.0;
            for (var i = 0; i < count; i++)
            {
                var building = _buildings[_order[start + i]];
                buildings[i] = building;
                var footprint = building.Footprint;
                (minX, minY) = (Math.Min(minX, footprint.MinX), Math.Min(minY, footprint.MinY));
                (maxX, maxY) = (Math.Max(maxX, footprint.MaxX), Math.Max(maxY, footprint.MaxY));
                maxHeight = Math.Max(maxHeight, building.Top);
            }

            var plan = new TilePlan(id, buildings, new Envelope(minX, maxX, minY, maxY), maxHeight);
            _tiles.Add(plan);
            return new TileNode(plan.Bounds, maxHeight, [], plan);
        }

        private static TileNode Inner(List<TileNode> children)
        {
            var bounds = new Envelope();
            var maxHeight = 0.0;
            foreach (var child in children)
            {
                bounds.ExpandToInclude(child.Bounds);
                maxHeight = Math.Max(maxHeight, child.MaxHeight);
            }

            return new TileNode(bounds, maxHeight, children, null);
        }
    }
}
