using TwinCity.Models.Storage;

namespace TwinCity.Importers.Tests.Tiles;

/// <summary>A local-folder blob store in a fresh temporary folder, deleted on dispose.</summary>
public sealed class TempBlobFolder : IDisposable
{
    public TempBlobFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "twincity-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Store = new LocalFolderBlobStore(Root);
    }

    public string Root { get; }

    public LocalFolderBlobStore Store { get; }

    public byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Root, name));

    public string[] Files(string prefix)
    {
        var folder = Path.Combine(Root, prefix);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
