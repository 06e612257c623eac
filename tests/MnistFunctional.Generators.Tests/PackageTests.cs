extern alias Generator;

using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using NetworkGenerator = Generator::MnistFunctional.Generators.NetworkGenerator;

namespace MnistFunctional.Generators.Tests;

/// <summary>
/// The library's NuGet package must carry the generator under analyzers/dotnet/cs, so a project that references
/// only the package gets the generated code.
/// </summary>
[Trait("Category", "Packaging")]
public class PackageTests(PackedLibrary package) : IClassFixture<PackedLibrary>
{
    private const string AnalyzerEntry = "analyzers/dotnet/cs/MnistFunctional.Generators.dll";

    [Fact]
    public void Package_carries_the_library_and_only_the_generator_as_an_analyzer()
    {
        var entries = package.EntryNames();

        Assert.Contains("lib/net10.0/MnistFunctional.dll", entries);
        // Only the generator: Roslyn itself comes with the compiler that loads it.
        Assert.Equal([AnalyzerEntry], entries.Where(name => name.StartsWith("analyzers/", StringComparison.Ordinal)));
        Assert.Equal(File.ReadAllBytes(typeof(NetworkGenerator).Assembly.Location), package.Read(AnalyzerEntry));
    }

    [Fact]
    public void Package_depends_on_the_backend_but_not_on_the_generator_project()
    {
        var nuspec = System.Text.Encoding.UTF8.GetString(package.Read("MnistFunctional.nuspec"));

        Assert.DoesNotContain("MnistFunctional.Generators", nuspec, StringComparison.Ordinal);
        Assert.Contains("id=\"MathNet.Numerics\"", nuspec, StringComparison.Ordinal);
    }

    [Fact]
    public void Packaged_generator_generates_the_same_code()
    {
        // A context of its own loads the packaged copy, not the one this project references; Roslyn still
        // resolves from the default context, as it does inside the compiler.
        var context = new AssemblyLoadContext("packaged-generator", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(package.Read(AnalyzerEntry)));
            Assert.NotSame(typeof(NetworkGenerator).Assembly, assembly);
            var type = assembly.GetType(typeof(NetworkGenerator).FullName!, throwOnError: true)!;
            var generator = (IIncrementalGenerator)Activator.CreateInstance(type)!;
            var compilation = GeneratorHarness.Compile(("TinyNet.cs", GeneratorHarness.Declaration("TinyNet.cs")));

            var packaged = GeneratorHarness.Run(compilation, generator);

            Assert.NotEmpty(packaged.Sources);
            Assert.Empty(packaged.CompilationErrors);
            Assert.Equal(GeneratorHarness.Run(compilation).Sources.ToList(), packaged.Sources.ToList());
        }
        finally
        {
            context.Unload();
        }
    }
}
