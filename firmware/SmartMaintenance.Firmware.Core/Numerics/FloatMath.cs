#nullable disable
namespace SmartMaintenance.Firmware.Core.Numerics
{
    /// <summary>
    /// Float-only helpers. System.Math works in double, which throws on ESP32 nanoFramework builds without
    /// double-precision support, so the core never calls it.
    /// </summary>
    public static class FloatMath
    {
        public static float Abs(float x)
        {
            return x < 0f ? -x : x;
        }

        public static float Max(float a, float b)
        {
            return a > b ? a : b;
        }

        public static float Min(float a, float b)
        {
            return a < b ? a : b;
        }

        public static bool IsFinite(float x)
        {
            return !float.IsNaN(x) && !float.IsInfinity(x);
        }

        /// <summary>
        /// Square root by Newton's iteration. The argument is first scaled by powers of four into [0.25, 4],
        /// where the start value (y + 1) / 2 is within a factor 2.5 of the root, so six iterations reach float
        /// precision (quadratic convergence).
        /// </summary>
        public static float Sqrt(float x)
        {
            if (float.IsNaN(x) || x < 0f)
            {
                return float.NaN;
            }

            if (x == 0f || float.IsPositiveInfinity(x))
            {
                return x;
            }

            float y = x;
            float scale = 1f;
            while (y > 4f)
            {
                y *= 0.25f;
                scale *= 2f;
            }

            while (y < 0.25f)
            {
                y *= 4f;
                scale *= 0.5f;
            }

            float g = (y + 1f) * 0.5f;
            for (int i = 0; i < 6; i++)
            {
                g = 0.5f * (g + y / g);
            }

            return g * scale;
        }
    }
}
