using PhoneAuth.Server.Hosting;
using PhoneAuth.Server.Import;

// "import ..." imports users (see ImportCommand.Usage); anything else serves.
if (args is ["import", .. var importArgs]) return await ImportCommand.RunAsync(importArgs);

var app = PhoneAuthApp.Build(args);
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to tests.</summary>
public partial class Program;
