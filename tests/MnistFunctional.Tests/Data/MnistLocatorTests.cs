using MnistFunctional.Data;

namespace MnistFunctional.Tests.Data;

public class MnistLocatorTests
{
    [Fact]
    public void The_explicit_directory_wins()
    {
        Assert.Equal(new MnistLocation("cli", MnistSource.Explicit), MnistLocator.Resolve("cli", "env", "default"));
    }

    [Fact]
    public void The_environment_comes_next()
    {
        Assert.Equal(new MnistLocation("env", MnistSource.Environment), MnistLocator.Resolve(null, "env", "default"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", " ")]
    public void Blank_values_fall_back_to_the_default(string? explicitDirectory, string? environmentValue)
    {
        Assert.Equal(new MnistLocation("default", MnistSource.Default), MnistLocator.Resolve(explicitDirectory, environmentValue, "default"));
    }

    [Fact]
    public void The_default_directory_is_data_mnist()
    {
        Assert.Equal(Path.Combine("repo", "data", "mnist"), MnistLocator.DefaultDirectory("repo"));
    }
}
