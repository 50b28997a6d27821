using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Tests.Grains;

public sealed class SiloOptionsValidatorTests
{
    [Fact]
    public void A_write_behind_limit_below_one_is_refused_with_its_name()
    {
        var result = new TwinCitySiloOptionsValidator().Validate(null, new TwinCitySiloOptions { MaxWritesBehindInFlight = 0 });

        Assert.True(result.Failed);
        Assert.Equal("TwinCity:Silo:MaxWritesBehindInFlight is 0; it must be at least 1.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void The_defaults_pass_validation() =>
        Assert.True(new TwinCitySiloOptionsValidator().Validate(null, new TwinCitySiloOptions()).Succeeded);
}
