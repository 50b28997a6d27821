using System.Text.Json;
using System.Text.Json.Nodes;
using SharpGLTF.Schema2;

namespace TwinCity.Importers.Layers;

/// <summary>
/// A glTF extension object SharpGLTF.Core has no class for, held as plain JSON. SharpGLTF clones the
/// model before writing it by serializing and reading it back, so the extension must round-trip
/// through JSON: keeping it as JSON makes that exact.
/// </summary>
internal abstract class JsonExtension : ExtensionBase
{
    /// <summary>The extension's properties.</summary>
    public JsonObject Content { get; set; } = [];

    protected override void SerializeProperties(Utf8JsonWriter writer)
    {
        base.SerializeProperties(writer);
        foreach (var (name, value) in Content)
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }
    }

    protected override void DeserializeProperty(string jsonPropertyName, ref Utf8JsonReader reader)
    {
        if (jsonPropertyName is "extensions" or "extras")
        {
            base.DeserializeProperty(jsonPropertyName, ref reader);
            return;
        }

        Content[jsonPropertyName] = JsonNode.Parse(ref reader);
    }
}

/// <summary><c>EXT_mesh_features</c> on a mesh primitive.</summary>
internal sealed class MeshFeaturesExtension : JsonExtension
{
    public const string ExtensionName = "EXT_mesh_features";
}

/// <summary><c>EXT_structural_metadata</c> on the model root.</summary>
internal sealed class StructuralMetadataExtension : JsonExtension
{
    public const string ExtensionName = "EXT_structural_metadata";
}
