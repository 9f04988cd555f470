using System.Text.Json;

namespace SmartMaintenance.Nab.Scoring;

/// <summary>One NAB application profile: the weights of true positives, false positives and false negatives.</summary>
public sealed record NabProfile(string Name, double TpWeight, double FpWeight, double FnWeight)
{
    public static readonly string[] Order = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"];

    /// <summary>Reads config/profiles.json, in <see cref="Order"/>.</summary>
    public static IReadOnlyList<NabProfile> Load(string profilesJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(profilesJson));
        var profiles = new List<NabProfile>();
        foreach (string name in Order)
        {
            var matrix = document.RootElement.GetProperty(name).GetProperty("CostMatrix");
            profiles.Add(new NabProfile(name, matrix.GetProperty("tpWeight").GetDouble(),
                matrix.GetProperty("fpWeight").GetDouble(), matrix.GetProperty("fnWeight").GetDouble()));
        }

        return profiles;
    }
}
