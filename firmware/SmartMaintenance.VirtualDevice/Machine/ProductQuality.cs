namespace SmartMaintenance.VirtualDevice.Machine;

/// <summary>
/// Product quality variant of the AI4I 2020 data set (L 50 %, M 30 %, H 20 % of products): sets how much tool
/// wear one process step adds (+2 / +3 / +5 min) and the overstrain limit (11,000 / 12,000 / 13,000 min·Nm).
/// </summary>
internal enum ProductQuality
{
    L,
    M,
    H,
}
