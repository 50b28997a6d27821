using TwinCity.Models.Storage;

namespace TwinCity.Storage.Tests;

public sealed class BlobNameTests
{
    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("%2e%2e/%2e%2e/x")]
    [InlineData("/absolute/path")]
    [InlineData("C:\\windows\\x")]
    [InlineData("a\0b")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("osm:way/123")]
    public void Segment_of_any_id_is_one_valid_segment_without_dots_or_slashes(string id)
    {
        var segment = BlobName.Segment(id);

        Assert.Equal(segment, BlobName.Validate(segment));
        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain('.', segment);
        Assert.DoesNotContain('%', segment);
    }

    [Fact]
    public void Different_ids_never_share_a_segment()
    {
        string[] ids = ["osm:way/1", "osm_3away/1", "osm:way_2f1", "osm:way/1 ", "OSM:way/1", "..", "_2e_2e", "%2e%2e"];

        Assert.Equal(ids.Length, ids.Select(BlobName.Segment).Distinct(StringComparer.Ordinal).Count());
    }
}
