namespace TwinCity.Models.Storage;

/// <summary>Rules every blob name follows, whatever the store.</summary>
public static class BlobName
{
    /// <summary>Longest name accepted (Azure's own limit is 1,024).</summary>
    public const int MaxLength = 512;

    /// <summary>
    /// Throws unless <paramref name="name"/> is a relative path of segments made of letters, digits,
    /// '-', '_' and '.', with no empty, '.' or '..' segment. Ids from outside (e.g. <c>osm:way/1</c>)
    /// must be mapped to such names before they reach a store.
    /// </summary>
    /// <exception cref="ArgumentException">The name could escape the store or is not portable.</exception>
    public static string Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Length > MaxLength)
        {
            throw new ArgumentException($"Blob name must be 1 to {MaxLength} characters, found {name.Length}.", nameof(name));
        }

        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"Blob name '{Printable(name)}': empty, '.' or '..' segment.", nameof(name));
            }

            foreach (var c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    throw new ArgumentException($"Blob name '{Printable(name)}': character U+{(int)c:X4} is not allowed.", nameof(name));
                }
            }
        }

        return name;
    }

    /// <summary>
    /// Maps any id (<c>osm:way/123</c>, <c>building/../../etc</c>, text with NUL) to one safe name
    /// segment: ASCII letters, digits and '-' stay, every other UTF-8 byte becomes <c>_XX</c> (hex),
    /// so '/', '.', '%', '\\' and control characters can neither split the name nor climb out of a
    /// folder, and two different ids never map to the same segment.
    /// </summary>
    public static string Segment(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var builder = new System.Text.StringBuilder(id.Length + 8);
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(id))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('_').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (builder.Length == 0)
        {
            builder.Append('_'); // the empty id still gets a valid, distinct segment
        }

        return builder.ToString();
    }

    private static string Printable(string name) =>
        new(name.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
