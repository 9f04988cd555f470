#nullable disable
using System;
using System.IO;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Provisioning;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>Reads the provisioning file from internal flash and hands it to the core's parser.</summary>
    internal static class ProvisioningFile
    {
        /// <summary>Null when <paramref name="target"/> was filled from a valid file, else what is wrong with it.</summary>
        public static string Load(string path, DeviceProvisioning target)
        {
            byte[] data;
            try
            {
                if (!File.Exists(path))
                {
                    return path + " not found";
                }

                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    long length = stream.Length;
                    if (length > ProvisioningFields.MaxFileBytes)
                    {
                        return path + " is larger than " + ProvisioningFields.MaxFileBytes.ToString() + " bytes";
                    }

                    data = new byte[(int)length];
                    int read = 0;
                    while (read < data.Length)
                    {
                        int n = stream.Read(data, read, data.Length - read);
                        if (n <= 0)
                        {
                            break;
                        }

                        read += n;
                    }

                    if (read != data.Length)
                    {
                        return path + " could not be read completely";
                    }
                }
            }
            catch (Exception ex)
            {
                return path + " could not be read: " + ex.Message;
            }

            ProvisioningParser parser = new ProvisioningParser();
            return parser.TryParse(data, data.Length, target) ? null : path + ": " + parser.Error;
        }
    }
}
