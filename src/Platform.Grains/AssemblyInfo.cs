namespace Platform.Grains;
