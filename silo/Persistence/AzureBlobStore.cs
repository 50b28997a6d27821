using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TwinCity.Models.Storage;

namespace TwinCity.Silo.Persistence;

/// <summary>
/// The production blob store (DESIGN §5): one Azure Blob Storage container. Names are validated by
/// <see cref="BlobName.Validate"/> before they reach the SDK, so a name never leaves the container;
/// versions are Azure's own ETags and conditional writes use If-Match / If-None-Match.
/// </summary>
public sealed class AzureBlobStore : IConditionalBlobStore
{
    private readonly BlobContainerClient _container;

    /// <summary>Creates the store over an existing container client (see <see cref="CreateAsync"/>).</summary>
    public AzureBlobStore(BlobContainerClient container) => _container = container;

    /// <summary>Connects to <paramref name="container"/> in the account of <paramref name="connectionString"/>, creating the container if needed.</summary>
    public static async Task<AzureBlobStore> CreateAsync(string connectionString, string container, CancellationToken cancellationToken = default)
    {
        var client = new BlobContainerClient(connectionString, container);
        await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return new AzureBlobStore(client);
    }

    /// <inheritdoc />
    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            return response.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var folder = BlobName.Validate(prefix) + "/";
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, folder, cancellationToken))
        {
            await _container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<VersionedBlob?> ReadVersionedAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        try
        {
            var response = await blob.DownloadContentAsync(cancellationToken);
            return new VersionedBlob(response.Value.Content.ToArray(), response.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<string> WriteIfMatchAsync(string name, ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        var conditions = expectedETag is null
            ? new BlobRequestConditions { IfNoneMatch = ETag.All }
            : new BlobRequestConditions { IfMatch = new ETag(expectedETag) };
        try
        {
            var response = await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { Conditions = conditions }, cancellationToken);
            return response.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new BlobConflictException(name, expectedETag, actualETag: null, ex);
        }
    }

    /// <inheritdoc />
    public async Task<string> WriteVersionAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var response = await Blob(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken);
        return response.Value.ETag.ToString();
    }

    /// <inheritdoc />
    public async Task DeleteIfMatchAsync(string name, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        try
        {
            var conditions = expectedETag is null ? null : new BlobRequestConditions { IfMatch = new ETag(expectedETag) };
            await blob.DeleteIfExistsAsync(conditions: conditions, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new BlobConflictException(name, expectedETag, actualETag: null, ex);
        }
    }

    /// <summary>The container this store writes to.</summary>
    public BlobContainerClient Container => _container;

    private BlobClient Blob(string name) => _container.GetBlobClient(BlobName.Validate(name));
}
