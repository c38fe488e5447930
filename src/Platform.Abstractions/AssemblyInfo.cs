namespace Platform.Abstractions;
