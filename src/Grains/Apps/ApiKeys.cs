using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Widgets.Grains.Apps;

/// <summary>App API keys: 256 random bits in base64url, stored and looked up only by their SHA-256 hash.</summary>
public static class ApiKeys
{
    /// <summary>Random bytes in a key.</summary>
    public const int KeyBytes = 32;

    /// <summary>A new random key (43 base64url characters).</summary>
    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>SHA-256 of the key's UTF-8 bytes.</summary>
    public static byte[] Hash(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
    }

    /// <summary>The hash as lowercase hex: the key of the key's <see cref="IApiKeyGrain"/>.</summary>
    public static string HashHex(string apiKey) => Convert.ToHexStringLower(Hash(apiKey));
}
