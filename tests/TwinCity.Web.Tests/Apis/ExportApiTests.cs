using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class ExportApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task The_export_lists_every_entity_once_with_its_latest_values()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(operatorClient);
        var entity = await CityProbe.FeatureIdAsync(operatorClient, tile, 40);
        (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity, metric = "power_kw", value = 123.5, time = DateTimeOffset.UtcNow } })).EnsureSuccessStatusCode();

        using var client = app.CreateClient();
        var city = await CityProbe.CityAsync(client);
        var rows = ParseCsv(await client.GetStringAsync("/api/export/entities.csv"));

        var header = rows[0];
        var records = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(city.GetProperty("tiles").EnumerateArray().Sum(t => t.GetProperty("featureCount").GetInt32()), records.Count);
        Assert.Equal(records.Count, records.Select(r => r["id"]).Distinct().Count());
        var row = records.Single(r => r["id"] == entity);
        Assert.Equal("123.5", row["power_kw"]);
        Assert.Equal(tile, row["tile"]);
        Assert.Equal("40", row["feature"]);
        Assert.True(double.Parse(row["height_m"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("building", row["kind"]);
        var segment = records.First(r => r["kind"] == "street-segment");
        Assert.Equal("streets", segment["layer"]);
        Assert.Matches(@"^osm:way/\d+#\d+$", segment["id"]);
        Assert.True(double.Parse(segment["length_m"], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task The_data_package_carries_the_source_licence_and_describes_every_column()
    {
        using var client = app.CreateClient();
        var city = await CityProbe.CityAsync(client);

        var package = await client.GetFromJsonAsync<JsonElement>("/api/export/datapackage.json");
        var header = ParseCsv(await client.GetStringAsync("/api/export/entities.csv"))[0];

        var licence = package.GetProperty("licenses")[0];
        Assert.Equal(city.GetProperty("provenance").GetProperty("licence").GetString(), licence.GetProperty("name").GetString());
        Assert.Contains("OpenStreetMap", licence.GetProperty("title").GetString());
        var resource = package.GetProperty("resources")[0];
        Assert.Equal("entities.csv", resource.GetProperty("path").GetString());
        Assert.Equal(header, resource.GetProperty("schema").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!));
    }

    /// <summary>RFC 4180: fields separated by commas, records by CRLF, quotes doubled inside quoted fields.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
