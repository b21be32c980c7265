using Microsoft.Extensions.Options;
using PhoneAuth.Server.Hosting;
using PhoneAuth.Server.Import;

// "import ..." imports users (see ImportCommand.Usage); anything else serves.
if (args is ["import", .. var importArgs]) return await ImportCommand.RunAsync(importArgs);

try
{
    var app = PhoneAuthApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // A setting is missing or wrong: say which, without a stack trace.
    Console.Error.WriteLine("PhoneAuth cannot start: " + string.Join(" ", ex.Failures));
    return 1;
}

/// <summary>The entry point, visible to tests.</summary>
public partial class Program;
