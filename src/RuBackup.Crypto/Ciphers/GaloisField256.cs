namespace RuBackup.Crypto.Ciphers;

/// <summary>
/// Multiplication in GF(2^8) by shift and add, reduced by the cipher's own polynomial (Anubis 0x11D,
/// Kuznyechik 0x1C3). Only used to build tables once, so speed does not matter here.
/// </summary>
internal static class GaloisField256
{
    /// <param name="polynomial">The field's reduction polynomial with its x^8 bit (0x1xx).</param>
    public static byte Multiply(byte a, byte b, int polynomial)
    {
        var product = 0;
        int x = a;
        for (int y = b; y != 0; y >>= 1)
        {
            if ((y & 1) != 0)
            {
                product ^= x;
            }
            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= polynomial;
            }
        }
        return (byte)product;
    }
}
