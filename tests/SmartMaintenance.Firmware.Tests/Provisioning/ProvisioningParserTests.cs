using System.Text;
using System.Text.Json.Nodes;
using SmartMaintenance.Firmware.Core.Provisioning;

namespace SmartMaintenance.Firmware.Tests.Provisioning;

/// <summary>The provisioning file as the board reads it at boot (I:\device.json).</summary>
public sealed class ProvisioningParserTests
{
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n";

    [Fact]
    public void TryParse_CompleteFile_FillsEveryField()
    {
        var json = Valid();
        json["tls"] = true;
        json["ca"] = Pem;
        json["url"] = "https://cloud.example/";
        json["key"] = "ingest-key";
        json["psk"] = "pa\"ss\\word";

        var (ok, p, error) = Parse(json.ToJsonString());

        Assert.True(ok, error);
        Assert.Equal("esp32-0001", p.DeviceId);
        Assert.Equal("s3cret", p.Secret);
        Assert.Equal("plant-1", p.Site);
        Assert.Equal("broker.plant", p.BrokerHost);
        Assert.Equal(8883, p.BrokerPort);   // TLS default port
        Assert.True(p.Tls);
        Assert.Equal(Pem, p.CaCertificate);   // line breaks survive the JSON escapes
        Assert.Equal("plant-wifi", p.WifiSsid);
        Assert.Equal("pa\"ss\\word", p.WifiPassword);
        Assert.Equal("https://cloud.example", p.CloudUrl);
        Assert.True(p.CloudIsHttps);
        Assert.Equal("ingest-key", p.CloudApiKey);
    }

    [Fact]
    public void TryParse_MinimalFileForAnOpenNetwork_UsesPlainMqttOn1883AndNoFallback()
    {
        var json = Valid();
        json.Remove("psk");
        json["ssid"] = "Wokwi-GUEST";

        var (ok, p, error) = Parse(json.ToJsonString());

        Assert.True(ok, error);
        Assert.Equal(1883, p.BrokerPort);
        Assert.False(p.Tls);
        Assert.Equal(string.Empty, p.WifiPassword);
        Assert.Null(p.CloudUrl);
        Assert.Null(p.CaCertificate);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("{\"v\":1,", "not valid JSON")]
    public void TryParse_NotAnObject_IsRefusedWithAReason(string text, string reason)
    {
        var (ok, _, error) = Parse(text);

        Assert.False(ok);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("v", 2, "'v' must be 1")]
    [InlineData("dev", "bad/id", "'dev' is missing or not a valid id")]
    [InlineData("site", "", "'site' is missing or not a valid id")]
    [InlineData("secret", " ", "'secret' is missing")]
    [InlineData("host", "", "'host' (the broker) is missing")]
    [InlineData("ssid", "", "'ssid' is missing")]
    [InlineData("psk", "short", "'psk' must be empty (open network) or 8 to 64")]
    [InlineData("port", 70000, "'port' must be 1 to 65535")]
    [InlineData("port", "1883", "'port' must be a whole number")]
    [InlineData("tls", "yes", "'tls' must be true or false")]
    [InlineData("ca", "not a pem", "'ca' is not a PEM certificate")]
    [InlineData("pks", "typo-password", "unknown field 'pks'")]
    [InlineData("url", "ftp://cloud", "'url' must start with http:// or https://")]
    public void TryParse_OneBadField_IsRefusedNamingTheField(string field, object value, string reason)
    {
        var json = Valid();
        json[field] = JsonValue.Create(value);

        var (ok, _, error) = Parse(json.ToJsonString());

        Assert.False(ok);
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("secret")]
    [InlineData("site")]
    [InlineData("host")]
    [InlineData("ssid")]
    [InlineData("v")]
    public void TryParse_RequiredFieldMissing_IsRefused(string field)
    {
        var json = Valid();
        json.Remove(field);

        var (ok, _, error) = Parse(json.ToJsonString());

        Assert.False(ok);
        Assert.Contains($"'{field}'", error);
    }

    [Fact]
    public void TryParse_TlsWithoutCa_IsRefused()
    {
        var json = Valid();
        json["tls"] = true;

        var (ok, _, error) = Parse(json.ToJsonString());

        Assert.False(ok);
        Assert.Equal("'tls' is true but no 'ca' certificate is given", error);
    }

    [Fact]
    public void TryParse_HttpsFallbackWithoutCaOrKey_IsRefused()
    {
        var json = Valid();
        json["url"] = "https://cloud.example";
        json["key"] = "k";
        Assert.Equal("'url' is https but no 'ca' certificate is given", Parse(json.ToJsonString()).Error);

        json["url"] = "http://cloud.example";
        json.Remove("key");
        Assert.Equal("'url' is given but 'key' (an ingest API key) is missing", Parse(json.ToJsonString()).Error);
    }

    [Fact]
    public void TryParse_RefusedFile_LeavesTheTargetUntouched()
    {
        var target = new DeviceProvisioning { DeviceId = "before" };
        var json = Valid();
        json["port"] = 0x10000;
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());

        Assert.False(new ProvisioningParser().TryParse(bytes, bytes.Length, target));
        Assert.Equal("before", target.DeviceId);
    }

    [Fact]
    public void TryParse_LargerThanTheLimit_IsRefusedBeforeParsing()
    {
        var json = Valid();
        json["ca"] = "-----BEGIN CERTIFICATE-----" + new string('A', 9000) + "-----END CERTIFICATE-----";

        var (ok, _, error) = Parse(json.ToJsonString());

        Assert.False(ok);
        Assert.Contains("larger than 8192 bytes", error);
    }

    internal static JsonObject Valid() => new()
    {
        ["v"] = 1,
        ["dev"] = "esp32-0001",
        ["secret"] = "s3cret",
        ["site"] = "plant-1",
        ["host"] = "broker.plant",
        ["ssid"] = "plant-wifi",
        ["psk"] = "wifi-password",
    };

    private static (bool Ok, DeviceProvisioning P, string? Error) Parse(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var parser = new ProvisioningParser();
        var target = new DeviceProvisioning();
        var ok = parser.TryParse(bytes, bytes.Length, target);
        return (ok, target, parser.Error);
    }
}
