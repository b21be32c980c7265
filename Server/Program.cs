using PhoneAuth.Server.Hosting;

var app = PhoneAuthApp.Build(args);
app.Run();

/// <summary>The entry point, visible to tests.</summary>
public partial class Program;
