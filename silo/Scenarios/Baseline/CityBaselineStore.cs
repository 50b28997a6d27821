using System.IO.Compression;
using System.Text.Json;
using TwinCity.Models.Storage;

namespace TwinCity.Silo.Scenarios.Baseline;

/// <summary>
/// Reads and writes a city's <see cref="CityBaseline"/> as gzipped JSON next to its tiles,
/// <c>cities/{version}/scenario-baseline.json.gz</c>: retiring a city version deletes it with the tiles.
/// </summary>
public static class CityBaselineStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The blob name for a city version (the prefix the city switch imports under).</summary>
    public static string BlobName(long cityVersion) => $"cities/{cityVersion}/scenario-baseline.json.gz";

    /// <summary>Writes the baseline of <paramref name="cityVersion"/>.</summary>
    public static async Task WriteAsync(IBlobStore blobs, long cityVersion, CityBaseline baseline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        using var buffer = new MemoryStream();
        await using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await JsonSerializer.SerializeAsync(zip, baseline, Json, cancellationToken);
        }

        await blobs.WriteAsync(BlobName(cityVersion), buffer.ToArray(), cancellationToken);
    }

    /// <summary>The baseline of <paramref name="cityVersion"/>, or null when none was written.</summary>
    public static async Task<CityBaseline?> ReadAsync(IBlobStore blobs, long cityVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        await using var stream = await blobs.OpenReadAsync(BlobName(cityVersion), cancellationToken);
        if (stream is null)
        {
            return null;
        }

        await using var zip = new GZipStream(stream, CompressionMode.Decompress);
        return await JsonSerializer.DeserializeAsync<CityBaseline>(zip, Json, cancellationToken);
    }
}
