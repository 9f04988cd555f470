using Microsoft.Extensions.Options;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Mqtt;

/// <summary>The real mosquitto clients from apt (always with -i) against the broker: plain TCP, TLS, retained config.</summary>
public sealed class MosquittoClientTests : IAsyncLifetime
{
    private readonly BrokerFixture _broker = new(devices: 2);
    private RecordingCloud _cloud = null!;
    private int _tlsPort;
    private string _caFile = "";

    public async Task InitializeAsync()
    {
        _cloud = await RecordingCloud.StartAsync(FreePort.Get());
        _tlsPort = FreePort.Get();
        var cert = Path.Combine(_broker.Directory, "cert.pem");
        var key = Path.Combine(_broker.Directory, "key.pem");
        var openssl = await ProcessRunner.RunAsync(ProcessRunner.Require("openssl", "openssl"),
        [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert,
        ], TimeSpan.FromSeconds(30));
        Assert.True(openssl.ExitCode == 0, openssl.Error);
        _caFile = cert;
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Mqtt:Tls:Enabled=true", $"--Broker:Mqtt:Tls:Port={_tlsPort}",
            $"--Broker:Mqtt:Tls:CertificatePath={cert}", $"--Broker:Mqtt:Tls:KeyPath={key}");
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    private Task<ProcessRunner.Result> PubAsync(string protocol, string qos, long seq, params string[] extra) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("mosquitto_pub", "mosquitto-clients"),
        [
            "-h", "127.0.0.1", "-V", protocol, "-i", "dev-1", "-u", "dev-1", "-P", _broker.Secrets["dev-1"], "-q", qos,
            "-t", BrokerFixture.Telemetry("dev-1"), "-m", BrokerFixture.Reading("dev-1", seq), .. extra,
        ], TimeSpan.FromSeconds(20));

    [Theory]
    [InlineData("mqttv311", "0", 1)]
    [InlineData("mqttv311", "1", 2)]
    [InlineData("mqttv5", "0", 3)]
    [InlineData("mqttv5", "1", 4)]
    public async Task MosquittoPub_PlainTcp_ReadingReachesTheCloud(string protocol, string qos, long seq)
    {
        var result = await PubAsync(protocol, qos, seq, "-p", _broker.MqttPort.ToString());

        Assert.True(result.ExitCode == 0, result.Error);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.ContainsKey(("dev-1", seq))), ok => ok, TimeSpan.FromSeconds(10), "the reading at the cloud");
    }

    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task MosquittoPub_TlsWithCaFile_ReadingReachesTheCloud(string protocol)
    {
        var result = await PubAsync(protocol, "1", 10, "-p", _tlsPort.ToString(), "--cafile", _caFile);

        Assert.True(result.ExitCode == 0, result.Error);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.ContainsKey(("dev-1", 10))), ok => ok, TimeSpan.FromSeconds(10), "the reading at the cloud");
    }

    [Fact]
    public async Task MosquittoPub_TlsWithoutTrustingTheCertificate_Fails()
    {
        var result = await PubAsync("mqttv311", "1", 11, "-p", _tlsPort.ToString(), "--capath", "/nonexistent");

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(_cloud.Stored.ContainsKey(("dev-1", 11)));
    }

    [Fact]
    public async Task MosquittoPub_ForeignTopic_IsRefusedOnMqtt5()
    {
        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("mosquitto_pub", "mosquitto-clients"),
        [
            "-h", "127.0.0.1", "-p", _broker.MqttPort.ToString(), "-V", "mqttv5", "-i", "dev-1", "-u", "dev-1", "-P", _broker.Secrets["dev-1"],
            "-q", "1", "-t", BrokerFixture.Telemetry("dev-2"), "-m", BrokerFixture.Reading("dev-2", 1),
        ], TimeSpan.FromSeconds(20));

        Assert.Contains("not authorized", result.Error + result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, _broker.Metrics.AclDenied);
    }

    [Fact]
    public async Task MosquittoSub_OwnConfig_ReceivesTheRetainedConfig()
    {
        _cloud.Sync = new BrokerSyncResponse
        {
            Configs = [new DesiredDeviceConfig { DeviceId = "dev-2", Site = BrokerFixture.Site, Config = new DeviceConfig { Version = 4, SamplePeriodMs = 500 } }],
        };
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.ConfigsPublished), n => n >= 1, TimeSpan.FromSeconds(10), "config published");

        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("mosquitto_sub", "mosquitto-clients"),
        [
            "-h", "127.0.0.1", "-p", _broker.MqttPort.ToString(), "-V", "mqttv311", "-i", "dev-2", "-u", "dev-2", "-P", _broker.Secrets["dev-2"],
            "-q", "1", "-t", TopicScheme.Build(BrokerFixture.Site, "dev-2", TopicScheme.Config), "-C", "1", "-W", "10",
        ], TimeSpan.FromSeconds(20));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("\"cfg\":4", result.Output);
        Assert.Contains("\"sp\":500", result.Output);
    }
}

/// <summary>Start-time validation of the TLS settings, and a certificate from a PFX file.</summary>
public sealed class TlsOptionsTests
{
    [Fact]
    public async Task Start_TlsFromPfxWithPassword_AcceptsMosquittoWithCaFile()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        var cert = Path.Combine(broker.Directory, "cert.pem");
        var key = Path.Combine(broker.Directory, "key.pem");
        var pfx = Path.Combine(broker.Directory, "broker.pfx");
        var openssl = ProcessRunner.Require("openssl", "openssl");
        Assert.Equal(0, (await ProcessRunner.RunAsync(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], TimeSpan.FromSeconds(30))).ExitCode);
        Assert.Equal(0, (await ProcessRunner.RunAsync(openssl, ["pkcs12", "-export", "-in", cert, "-inkey", key, "-out", pfx, "-passout", "pass:pfx-pass-123"],
            TimeSpan.FromSeconds(30))).ExitCode);
        var tlsPort = FreePort.Get();
        await broker.StartInProcessAsync(cloud.Url, "--Broker:Mqtt:Tls:Enabled=true", $"--Broker:Mqtt:Tls:Port={tlsPort}",
            $"--Broker:Mqtt:Tls:CertificatePath={pfx}", "--Broker:Mqtt:Tls:Password=pfx-pass-123");

        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("mosquitto_pub", "mosquitto-clients"),
        [
            "-h", "127.0.0.1", "-p", tlsPort.ToString(), "--cafile", cert, "-V", "mqttv5", "-i", "dev-1", "-u", "dev-1", "-P", broker.Secrets["dev-1"],
            "-q", "1", "-t", BrokerFixture.Telemetry("dev-1"), "-m", BrokerFixture.Reading("dev-1", 1),
        ], TimeSpan.FromSeconds(20));

        Assert.True(result.ExitCode == 0, result.Error);
        await Eventually.WaitForAsync(() => Task.FromResult(cloud.Stored.Count), n => n == 1, TimeSpan.FromSeconds(10), "the reading at the cloud");
    }

    [Fact]
    public async Task Start_TlsPfxWithWrongPassword_FailsWithTheReason()
    {
        await using var broker = new BrokerFixture(devices: 1);
        var pfx = Path.Combine(broker.Directory, "broken.pfx");
        await File.WriteAllBytesAsync(pfx, [0x30, 0x82, 0x00, 0x01, 0x02]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => broker.StartInProcessAsync("http://127.0.0.1:1",
            "--Broker:Mqtt:Tls:Enabled=true", $"--Broker:Mqtt:Tls:CertificatePath={pfx}", "--Broker:Mqtt:Tls:Password=wrong"));

        Assert.Contains("cannot be loaded", error.Message);
    }

    [Fact]
    public async Task Start_TlsEnabledWithMissingCertificate_FailsWithTheSettingName()
    {
        await using var broker = new BrokerFixture(devices: 1);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => broker.StartInProcessAsync("http://127.0.0.1:1",
            "--Broker:Mqtt:Tls:Enabled=true", "--Broker:Mqtt:Tls:CertificatePath=/nonexistent/cert.pfx"));

        Assert.Contains("Broker:Mqtt:Tls:CertificatePath", error.Message);
    }
}
