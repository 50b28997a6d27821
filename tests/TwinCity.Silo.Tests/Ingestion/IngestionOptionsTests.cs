using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TwinCity.Silo.Hosting;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Tests.Ingestion;

public sealed class IngestionOptionsTests
{
    [Theory]
    [InlineData("EntityInterval", "00:05:00", "EntityInterval must be between 0 and 1 minute")]
    [InlineData("EntityMaxInterval", "00:00:01", "EntityMaxInterval must be between EntityInterval and 1 minute")]
    [InlineData("EntityReadingsPerCall", "-1", "EntityReadingsPerCall must not be negative")]
    [InlineData("MaxQueuedForEntities", "100", "MaxQueuedForEntities must be at least MaxBatchSize")]
    [InlineData("MaxUnacknowledgedMessages", "0", "MaxUnacknowledgedMessages must be at least 1")]
    public void A_setting_out_of_range_is_refused_with_its_name(string key, string value, string message)
    {
        using var services = Services(new() { [$"{IngestionOptions.SectionName}:{key}"] = value });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IngestionOptions>>().Value);

        Assert.Contains($"{IngestionOptions.SectionName}:{message}", refused.Message);
    }

    [Fact]
    public void The_defaults_pass_validation()
    {
        using var services = Services([]);

        var options = services.GetRequiredService<IOptions<IngestionOptions>>().Value;

        Assert.Equal(IngestionOptions.DefaultMaxQueuedForEntities, options.MaxQueuedForEntities);
        Assert.Equal(IngestionOptions.DefaultMaxUnacknowledgedMessages, options.MaxUnacknowledgedMessages);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddTwinCityIngestion()
            .BuildServiceProvider();
    }
}
