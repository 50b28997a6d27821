using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;
using TwinCity.Importers.Crs;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Sources;

/// <summary>
/// Reads building polygons from a GeoPackage layer (an SQLite file, OGC 12-128r18): the layer's
/// geometry column and CRS come from <c>gpkg_geometry_columns</c> and <c>gpkg_spatial_ref_sys</c>,
/// geometries are decoded by NetTopologySuite.IO.GeoPackage. The file is opened read-only.
/// </summary>
public static class GeoPackageBuildingReader
{
    /// <summary>Reads layer <paramref name="layer"/> (default: the only, or the one named "buildings").</summary>
    public static SourceReadResult Read(string path, string? layer = null, CancellationToken cancellationToken = default)
    {
        var file = Path.GetFileName(path);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            var (table, column, srsId) = FindLayer(connection, file, layer);
            var crs = ReadCrs(connection, file, srsId);
            var check = new FootprintCheck(file);
            var buildings = new List<SourceBuilding>();
            var geometryReader = new GeoPackageGeoReader();

            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {Quote(table)}";
            using var rows = command.ExecuteReader();
            var index = 0;
            while (rows.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                NetTopologySuite.Geometries.Geometry? geometry = null;
                for (var c = 0; c < rows.FieldCount; c++)
                {
                    var name = rows.GetName(c);
                    if (name.Equals(column, StringComparison.OrdinalIgnoreCase))
                    {
                        geometry = rows.IsDBNull(c) ? null : geometryReader.Read((byte[])rows.GetValue(c));
                    }
                    else if (!rows.IsDBNull(c) && FeatureIds.Text(rows.GetValue(c)) is { } value)
                    {
                        attributes[name] = value;
                    }
                }

                var id = FeatureIds.From(attributes, null, file, index++);
                if (check.Check(id, geometry is null ? null : crs.ToWgs84(geometry)) is { } footprint)
                {
                    buildings.Add(new SourceBuilding(id, footprint, attributes));
                }
            }

            return new SourceReadResult(buildings, check.Skipped, check.Repaired, crs.Name);
        }
        catch (SqliteException ex)
        {
            throw new ImportException($"{file}: not a readable GeoPackage (SQLite error {ex.SqliteErrorCode}: {ex.Message})", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or FormatException or IndexOutOfRangeException or ParseException or InvalidOperationException)
        {
            throw new ImportException($"{file}: damaged GeoPackage content: {ex.Message}", ex);
        }
    }

    private static (string Table, string Column, int SrsId) FindLayer(SqliteConnection connection, string file, string? layer)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT g.table_name, g.column_name, g.srs_id FROM gpkg_geometry_columns g JOIN gpkg_contents c ON c.table_name = g.table_name WHERE c.data_type = 'features'";
        var layers = new List<(string Table, string Column, int SrsId)>();
        using (var rows = command.ExecuteReader())
        {
            while (rows.Read())
            {
                layers.Add((rows.GetString(0), rows.GetString(1), rows.GetInt32(2)));
            }
        }

        var names = string.Join(", ", layers.Select(l => l.Table));
        if (layer is not null)
        {
            return layers.FirstOrDefault(l => l.Table == layer) is { Table: not null } found
                ? found
                : throw new ImportException($"{file}: no feature layer \"{layer}\" (layers: {names})");
        }

        return layers.Count switch
        {
            0 => throw new ImportException($"{file}: the GeoPackage has no feature layer"),
            1 => layers[0],
            _ => layers.FirstOrDefault(l => l.Table == "buildings") is { Table: not null } buildings
                ? buildings
                : throw new ImportException($"{file}: the GeoPackage has several layers ({names}); choose one with --layer"),
        };
    }

    private static SourceCrs ReadCrs(SqliteConnection connection, string file, int srsId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = $id";
        command.Parameters.AddWithValue("$id", srsId);
        using var rows = command.ExecuteReader();
        if (!rows.Read())
        {
            throw new Errors.CrsException($"{file}: srs_id {srsId} is not in gpkg_spatial_ref_sys");
        }

        var name = rows.IsDBNull(0) ? $"srs_id {srsId}" : rows.GetString(0);
        var organization = rows.IsDBNull(1) ? string.Empty : rows.GetString(1);
        var code = rows.IsDBNull(2) ? -1 : rows.GetInt32(2);
        var definition = rows.IsDBNull(3) ? string.Empty : rows.GetString(3);
        if (srsId is 0 or -1 || definition is "undefined" or "")
        {
            throw new Errors.CrsException($"{file}: the layer's CRS is \"{name}\" (srs_id {srsId}), which is undefined; set a real CRS on the layer");
        }

        if (organization.Equals("EPSG", StringComparison.OrdinalIgnoreCase) && code == 4326)
        {
            // GeoPackage stores EPSG:4326 in longitude, latitude order (the spec's "x = longitude").
            return SourceCrs.Wgs84;
        }

        return SourceCrs.FromWkt(definition, $"{file} srs {organization}:{code.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
