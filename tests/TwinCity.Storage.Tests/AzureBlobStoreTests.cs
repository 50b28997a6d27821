using TwinCity.Models.Storage;
using TwinCity.Silo.Persistence;

namespace TwinCity.Storage.Tests;

/// <summary>The blob-store contract on Azure Blob Storage, served by a real Azurite the fixture starts.</summary>
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContract, IClassFixture<AzuriteFixture>
{
    protected override async Task<IConditionalBlobStore> NewStoreAsync() => await azurite.NewStoreAsync();

    protected override async Task AssertStoreIsEmpty(IConditionalBlobStore store)
    {
        // Nothing in this container, and no other container than the ones the tests made.
        var container = ((AzureBlobStore)store).Container;
        Assert.Empty(await container.GetBlobsAsync().ToListAsync());
        var service = new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString);
        await foreach (var other in service.GetBlobContainersAsync())
        {
            Assert.StartsWith("test-", other.Name, StringComparison.Ordinal);
        }
    }
}
