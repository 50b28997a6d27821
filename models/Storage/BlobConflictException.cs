namespace TwinCity.Models.Storage;

/// <summary>A conditional write or delete found another version of the blob than the one it expected.</summary>
public sealed class BlobConflictException : Exception
{
    /// <summary>Creates the exception for blob <paramref name="name"/>.</summary>
    public BlobConflictException(string name, string? expectedETag, string? actualETag, Exception? inner = null)
        : base($"Blob '{name}': expected version {expectedETag ?? "(none)"}, found {actualETag ?? "(none)"}; nothing written.", inner)
    {
        Name = name;
        ExpectedETag = expectedETag;
        ActualETag = actualETag;
    }

    /// <summary>The blob's name.</summary>
    public string Name { get; }

    /// <summary>The version the writer expected (null: none).</summary>
    public string? ExpectedETag { get; }

    /// <summary>The version found, when the store knows it (null: none or unknown).</summary>
    public string? ActualETag { get; }
}
