using SmartMaintenance.Cloud.Ml.Bench;

// 1. Train and register the cloud's baseline model in a temp registry.  2. In-process latency.
// 3. The cloud's CPU per request (predict, /health) below saturation, then API latency at a fixed request rate against
//    the real cloud host.  Usage: --rate 1000 --seconds 10 [--cpu-rate 200 --cpu-seconds 10 --idle-seconds 3]
//    [--cloud-dll PATH: that build in its own process] [--host-arg --Key=Value ...: extra host settings]
return await PredictionBench.RunAsync(args, Console.Out);
