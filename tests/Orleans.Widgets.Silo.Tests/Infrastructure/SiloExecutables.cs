using System.Reflection;

namespace Orleans.Widgets.Silo.Tests.Infrastructure;

/// <summary>Where the build put the silo executables (embedded by the project file from its project references).</summary>
internal static class SiloExecutables
{
    public static string Silo => Find("Orleans.Widgets.Silo");

    public static string TestSilo => Find("Orleans.Widgets.TestSilo");

    private static string Find(string assemblyName)
    {
        var key = "SiloUnderTest:" + assemblyName;
        var path = typeof(SiloExecutables).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        if (path is null)
        {
            throw new InvalidOperationException($"The test assembly does not name the path of {assemblyName}; rebuild the test project.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{assemblyName} is not built at {path}; build the solution first (./test.sh does).", path);
        }

        return path;
    }
}
