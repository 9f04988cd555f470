#nullable disable
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Config;

namespace SmartMaintenance.Firmware.Core.Provisioning
{
    /// <summary>
    /// Reads and validates the provisioning file (<see cref="ProvisioningFields"/>). Everything is checked before
    /// the board uses any of it, and the first problem is reported in words a technician can act on, because the
    /// only other sign of a bad file is a board that never connects. Unknown fields are refused too: a misspelt
    /// "pks" would otherwise silently mean "open network".
    /// </summary>
    public sealed class ProvisioningParser
    {
        /// <summary>Why the last file was refused, or null after a success.</summary>
        public string Error;

        public bool TryParse(byte[] data, int length, DeviceProvisioning target)
        {
            Error = null;
            if (data == null || length <= 0)
            {
                return Fail("the file is empty");
            }

            if (length > ProvisioningFields.MaxFileBytes || length > data.Length)
            {
                return Fail("the file is larger than " + ProvisioningFields.MaxFileBytes.ToString() + " bytes");
            }

            DeviceProvisioning p = new DeviceProvisioning();
            long version = -1;
            long port = 0;
            FlatJsonReader reader = new FlatJsonReader(data, length);
            if (!reader.BeginObject())
            {
                return Fail("the file is not a JSON object");
            }

            while (reader.NextProperty())
            {
                string name = reader.PropertyName;
                if (name == ProvisioningFields.FileVersion || name == ProvisioningFields.BrokerPort)
                {
                    if (reader.ValueKind != FlatJsonReader.KindNumber)
                    {
                        return Fail("'" + name + "' must be a whole number");
                    }

                    if (name == ProvisioningFields.FileVersion)
                    {
                        version = reader.LongValue;
                    }
                    else
                    {
                        port = reader.LongValue;
                    }
                }
                else if (name == ProvisioningFields.Tls)
                {
                    if (reader.ValueKind != FlatJsonReader.KindBool)
                    {
                        return Fail("'tls' must be true or false");
                    }

                    p.Tls = reader.BoolValue;
                }
                else
                {
                    if (reader.ValueKind != FlatJsonReader.KindString)
                    {
                        return Fail("'" + name + "' must be a string");
                    }

                    if (!Assign(p, name, reader.StringValue))
                    {
                        return Fail("unknown field '" + name + "'");
                    }
                }
            }

            if (reader.Failed)
            {
                return Fail("the file is not valid JSON (near byte " + reader.Position.ToString() + ")");
            }

            if (version != ProvisioningFields.CurrentVersion)
            {
                return Fail("'v' must be " + ProvisioningFields.CurrentVersion.ToString());
            }

            if (!TopicScheme.IsValidId(p.DeviceId))
            {
                return Fail("'dev' is missing or not a valid id (letters, digits, '-', '_', '.', at most 64)");
            }

            if (!TopicScheme.IsValidId(p.Site))
            {
                return Fail("'site' is missing or not a valid id (letters, digits, '-', '_', '.', at most 64)");
            }

            if (IsBlank(p.Secret))
            {
                return Fail("'secret' is missing");
            }

            if (IsBlank(p.BrokerHost))
            {
                return Fail("'host' (the broker) is missing");
            }

            if (IsBlank(p.WifiSsid) || p.WifiSsid.Length > 32)
            {
                return Fail("'ssid' is missing or longer than 32 characters");
            }

            if (p.WifiPassword == null)
            {
                p.WifiPassword = string.Empty;
            }
            else if (p.WifiPassword.Length > 0 && (p.WifiPassword.Length < 8 || p.WifiPassword.Length > 64))
            {
                return Fail("'psk' must be empty (open network) or 8 to 64 characters (WPA2)");
            }

            if (port == 0)
            {
                port = p.Tls ? 8883 : 1883;
            }

            if (port < 1 || port > 65535)
            {
                return Fail("'port' must be 1 to 65535");
            }

            p.BrokerPort = (int)port;
            if (p.CaCertificate != null && !IsPem(p.CaCertificate))
            {
                return Fail("'ca' is not a PEM certificate (-----BEGIN CERTIFICATE-----)");
            }

            if (p.Tls && p.CaCertificate == null)
            {
                return Fail("'tls' is true but no 'ca' certificate is given");
            }

            if (p.CloudUrl != null)
            {
                string lower = p.CloudUrl.ToLower();
                bool http = lower.Length > 7 && lower.Substring(0, 7) == "http://";
                if (!http && !p.CloudIsHttps)
                {
                    return Fail("'url' must start with http:// or https://");
                }

                if (IsBlank(p.CloudApiKey))
                {
                    return Fail("'url' is given but 'key' (an ingest API key) is missing");
                }

                if (p.CloudIsHttps && p.CaCertificate == null)
                {
                    return Fail("'url' is https but no 'ca' certificate is given");
                }

                if (p.CloudUrl[p.CloudUrl.Length - 1] == '/')
                {
                    p.CloudUrl = p.CloudUrl.Substring(0, p.CloudUrl.Length - 1);
                }
            }

            Copy(p, target);
            return true;
        }

        private static bool Assign(DeviceProvisioning p, string name, string value)
        {
            if (name == ProvisioningFields.DeviceId) { p.DeviceId = value; }
            else if (name == ProvisioningFields.Secret) { p.Secret = value; }
            else if (name == ProvisioningFields.Site) { p.Site = value; }
            else if (name == ProvisioningFields.BrokerHost) { p.BrokerHost = value; }
            else if (name == ProvisioningFields.CaCertificate) { p.CaCertificate = value.Length == 0 ? null : value; }
            else if (name == ProvisioningFields.WifiSsid) { p.WifiSsid = value; }
            else if (name == ProvisioningFields.WifiPassword) { p.WifiPassword = value; }
            else if (name == ProvisioningFields.CloudUrl) { p.CloudUrl = value.Length == 0 ? null : value; }
            else if (name == ProvisioningFields.CloudApiKey) { p.CloudApiKey = value; }
            else { return false; }

            return true;
        }

        private static bool IsPem(string text)
        {
            return text.IndexOf("-----BEGIN CERTIFICATE-----") >= 0 && text.IndexOf("-----END CERTIFICATE-----") > 0;
        }

        private static bool IsBlank(string s)
        {
            return s == null || s.Trim().Length == 0;
        }

        private static void Copy(DeviceProvisioning from, DeviceProvisioning to)
        {
            to.DeviceId = from.DeviceId;
            to.Secret = from.Secret;
            to.Site = from.Site;
            to.BrokerHost = from.BrokerHost;
            to.BrokerPort = from.BrokerPort;
            to.Tls = from.Tls;
            to.CaCertificate = from.CaCertificate;
            to.WifiSsid = from.WifiSsid;
            to.WifiPassword = from.WifiPassword;
            to.CloudUrl = from.CloudUrl;
            to.CloudApiKey = from.CloudApiKey;
        }

        private bool Fail(string reason)
        {
            Error = reason;
            return false;
        }
    }
}
