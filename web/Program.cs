using TwinCity.Web;

// The embedded twin: one process co-hosts the silo, the API, the hub and the viewer.
// `dotnet run --project web` loads the bundled Monaco extract; `-- --city <file>` loads another.
var builder = WebApplication.CreateBuilder(args);
builder.AddTwinCityWeb();

var app = builder.Build();
app.MapTwinCity();
app.Run();

/// <summary>Entry point, visible to the tests' host factory.</summary>
public partial class Program;
