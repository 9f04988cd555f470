#nullable disable
using System.IO;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// Numbers in the ESP32's internal flash file system (drive I:), one small file per key. The core writes
    /// rarely (the sequence once per block of 1000 messages), so flash wear stays far below the rated cycles.
    /// </summary>
    internal sealed class FlashStore : IPersistentStore
    {
        private const string Root = "I:\\";

        public long ReadLong(string key, long fallback)
        {
            string path = Root + key + ".txt";
            if (!File.Exists(path))
            {
                return fallback;
            }

            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                byte[] bytes = new byte[(int)stream.Length];
                stream.Read(bytes, 0, bytes.Length);
                long value;
                return long.TryParse(new string(System.Text.Encoding.UTF8.GetChars(bytes)), out value) ? value : fallback;
            }
        }

        public void WriteLong(string key, long value)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(value.ToString());
            using (FileStream stream = new FileStream(Root + key + ".txt", FileMode.Create, FileAccess.Write))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush();
            }
        }
    }
}
