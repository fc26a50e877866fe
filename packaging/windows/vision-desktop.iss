; Inno Setup script: a per-user install of Vision Desktop, no administrator rights needed.
; Built by packaging/build.py on Windows:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\vision-desktop /Odist packaging\windows\vision-desktop.iss
; Settings, keys (Windows Credential Manager) and history live in the user's AppData, outside the install
; folder, so upgrading or uninstalling keeps them.

#ifndef AppVersion
  #error Pass the version: /DAppVersion=x.y.z
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\vision-desktop"
#endif

[Setup]
AppId={{6B3F4C2E-8E51-4C36-9F0C-6C1D9E7A4B21}
AppName=Vision Desktop
AppVersion={#AppVersion}
AppPublisher=Vision Desktop
DefaultDirName={localappdata}\Programs\Vision Desktop
DefaultGroupName=Vision Desktop
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputBaseFilename=VisionDesktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\vision-desktop.ico
UninstallDisplayIcon={app}\vision-desktop.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes

[Languages]
; English always; Simplified Chinese when this Inno Setup ships it (an official translation since Inno Setup
; 6.5; older compilers only had an unofficial file that is not installed with them, and naming a missing file
; would make iscc fail). Setup picks the language of Windows' display language.
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\Vision Desktop"; Filename: "{app}\vision-desktop.exe"
Name: "{userdesktop}\Vision Desktop"; Filename: "{app}\vision-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\vision-desktop.exe"; Description: "{cm:LaunchProgram,Vision Desktop}"; Flags: nowait postinstall skipifsilent
