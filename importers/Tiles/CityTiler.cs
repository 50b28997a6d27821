using System.Globalization;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Groups buildings into an adaptive quadtree over a square grid in the local frame: the root square
/// covers every grid cell holding a building, and a square holding more than
/// <see cref="TilingSettings.SplitAboveFeatures"/> buildings is split into four, down to one cell.
/// Every leaf is one tile: one GLB, one draw call, one unit of live updates. A split square also keeps
/// its <see cref="TilingSettings.LodFeaturesPerNode"/> most prominent buildings as a tile of its own
/// (levels of detail by addition), so every building is still in exactly one tile.
/// </summary>
/// <remarks>
/// Why adaptive: a fixed 400 m grid gives a million-building city ~18,000 tiles of ~50 buildings,
/// and each tile costs a file (slow to create on network and container file systems), a GLB header,
/// a property-table schema and a draw call. Few, full tiles cost less everywhere; the tree also gives
/// 3D Tiles clients a hierarchy to cull with.
/// <para>
/// Levels of detail: from afar a viewer should see the skyline, not nothing. The biggest buildings of a
/// square move up into the square's own tile; what is left goes down to the quarters. A node's
/// geometric error is the <see cref="Size"/> of the biggest building it leaves to its descendants: the
/// largest thing missing on screen while only it is drawn, which is what 3D Tiles' screen-space error
/// measures. A leaf draws everything below it: error 0.
/// </para>
/// </remarks>
public sealed class CityTiler(TilingSettings settings)
{
    /// <summary>How big a building looks from afar, in metres: the larger of its top height and its footprint's diagonal.</summary>
    public static double Size(ImportedBuilding building)
    {
        ArgumentNullException.ThrowIfNull(building);
        var footprint = building.Footprint;
        var (width, depth) = (footprint.MaxX - footprint.MinX, footprint.MaxY - footprint.MinY);
        return Math.Max(building.Top, Math.Sqrt((width * width) + (depth * depth)));
    }

    /// <summary>Plans the tiles for <paramref name="buildings"/>. Within a tile, buildings keep their input order.</summary>
    public TileTree Plan(IReadOnlyList<ImportedBuilding> buildings)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        if (settings.TileSizeMeters <= 0 || settings.SplitAboveFeatures < 1 || settings.MaxFeaturesPerTile is < 1 or > ushort.MaxValue || settings.LodFeaturesPerNode < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"TilingSettings: TileSizeMeters {settings.TileSizeMeters} must be > 0, SplitAboveFeatures {settings.SplitAboveFeatures} >= 1, MaxFeaturesPerTile {settings.MaxFeaturesPerTile} in [1, 65535], LodFeaturesPerNode {settings.LodFeaturesPerNode} >= 0"));
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
        private readonly double[] _size;
        private readonly bool[] _selected;
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
            _size = new double[count];
            _selected = new bool[count];
            var size = settings.TileSizeMeters;
            int minColumn = int.MaxValue, minRow = int.MaxValue, maxColumn = int.MinValue, maxRow = int.MinValue;
            for (var i = 0; i < count; i++)
            {
                var footprint = buildings[i].Footprint;
                var column = (int)Math.Floor((footprint.MinX + footprint.MaxX) / 2 / size);
                var row = (int)Math.Floor((footprint.MinY + footprint.MaxY) / 2 / size);
                (_column[i], _row[i], _order[i]) = (column, row, i);
                _size[i] = Size(buildings[i]);
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

            // Coarse level of detail: the square's most prominent buildings become its own tile.
            var id = string.Create(CultureInfo.InvariantCulture, $"{level}_{column}_{row}");
            TilePlan? own = null;
            var lod = Math.Min(_settings.LodFeaturesPerNode, Math.Min(count - 1, _settings.MaxFeaturesPerTile));
            if (lod > 0)
            {
                SelectLargest(start, count, lod);
                own = Tile(id, start, lod).Content;
                (start, count) = (start + lod, count - lod);
            }

            var error = 0.0;
            for (var i = start; i < start + count; i++)
            {
                error = Math.Max(error, _size[_order[i]]);
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

            return Inner(children, own, error);
        }

        /// <summary>
        /// Moves the <paramref name="take"/> largest buildings (by <see cref="Size"/>, ties to the earlier
        /// one) of the range to its front, both groups keeping their order.
        /// </summary>
        private void SelectLargest(int start, int count, int take)
        {
            var heap = new PriorityQueue<int, (double Size, int Negated)>(take + 1);
            for (var i = start; i < start + count; i++)
            {
                var b = _order[i];
                heap.Enqueue(b, (_size[b], -b));
                if (heap.Count > take)
                {
                    heap.Dequeue();
                }
            }

            while (heap.TryDequeue(out var b, out _))
            {
                _selected[b] = true;
            }

            var front = start;
            var back = start + take;
            for (var i = start; i < start + count; i++)
            {
                var b = _order[i];
                _scratch[_selected[b] ? front++ : back++] = b;
                _selected[b] = false;
            }

            Array.Copy(_scratch, start, _order, start, count);
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

            var error = 0.0;
            for (var i = start; i < start + count; i++)
            {
                error = Math.Max(error, _size[_order[i]]);
            }

            return Inner(parts, null, error);
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

        private static TileNode Inner(List<TileNode> children, TilePlan? own, double error)
        {
            var bounds = own is null ? new Envelope() : new Envelope(own.Bounds);
            var maxHeight = own?.MaxHeight ?? 0.0;
            foreach (var child in children)
            {
                bounds.ExpandToInclude(child.Bounds);
                maxHeight = Math.Max(maxHeight, child.MaxHeight);
            }

            return new TileNode(bounds, maxHeight, children, own, error);
        }
    }
}
