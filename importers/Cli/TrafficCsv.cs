using System.Globalization;
using System.IO.Compression;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Cli;

/// <summary>
/// Reads the Cologne traffic-state CSV (<c>datetime_utc,identifier,auslastung,valid</c>), plain or gzipped,
/// row by row in file order. A malformed row is an <see cref="ImportException"/> naming the file and line.
/// </summary>
public static class TrafficCsv
{
    /// <summary>One row.</summary>
    /// <param name="Line">1-based line number in the file.</param>
    /// <param name="Time">Recording time (UTC).</param>
    /// <param name="Identifier">Segment identifier, e.g. <c>ST001</c>.</param>
    /// <param name="State">The traffic state code (<c>auslastung</c>).</param>
    /// <param name="Valid">False when the recorder marked the collection as disturbed.</param>
    public sealed record Row(int Line, DateTimeOffset Time, string Identifier, double State, bool Valid);

    /// <summary>The rows of <paramref name="path"/> (<c>.csv</c> or <c>.csv.gz</c>).</summary>
    public static IEnumerable<Row> Read(string path)
    {
        var file = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        using var input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : (Stream)stream;
        using var reader = new StreamReader(input);
        var header = reader.ReadLine();
        if (header?.Trim() != "datetime_utc,identifier,auslastung,valid")
        {
            throw new ImportException($"{file} line 1: expected the header \"datetime_utc,identifier,auslastung,valid\", found \"{header}\"");
        }

        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != 4
                || !DateTime.TryParseExact(cells[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
                || cells[1].Length == 0
                || !double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var state)
                || cells[3] is not ("0" or "1"))
            {
                throw new ImportException($"{file} line {number}: expected \"yyyy-MM-dd HH:mm:ss,<segment>,<state>,<0|1>\", found \"{(line.Length <= 100 ? line : line[..100])}\"");
            }

            yield return new Row(number, new DateTimeOffset(time, TimeSpan.Zero), cells[1], state, cells[3] == "1");
        }
    }
}
