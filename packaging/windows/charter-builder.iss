; Inno Setup recipe for Charter Builder on Windows: a per-user installer that needs no
; administrator rights (our users' laptops are managed). It installs the one-folder build
; from dist\charter-builder into the user's own programs folder, adds a Start menu entry,
; and makes .charter drafts open in Charter Builder for this user only.
;
; Built by .github/workflows/package.yml: ISCC /DVersion=0.1.0 packaging\windows\charter-builder.iss
; Not built or tested on our Linux machines: see README, "Installing Charter Builder".

#ifndef Version
  #define Version "0.1.0"
#endif
#define Name "Charter Builder"
#define Exe "Charter Builder.exe"
#define DraftType "CharterBuilder.Draft"

[Setup]
AppId={{6F1B7A52-1C4B-4E86-9B51-2B2D4C0A9E11}
AppName={#Name}
AppVersion={#Version}
AppPublisher=Charter Builder
DefaultDirName={localappdata}\Programs\{#Name}
DefaultGroupName={#Name}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename=CharterBuilder-{#Version}-setup
SetupIconFile=..\..\build\icons\charter-builder.ico
UninstallDisplayIcon={app}\{#Exe}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\charter-builder\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#Name}"; Filename: "{app}\{#Exe}"
Name: "{autodesktop}\{#Name}"; Filename: "{app}\{#Exe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put Charter Builder on the desktop"; Flags: unchecked

[Registry]
; HKA is the current user's classes when installed without administrator rights.
Root: HKA; Subkey: "Software\Classes\.charter"; ValueType: string; ValueName: ""; ValueData: "{#DraftType}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.charter"; ValueType: string; ValueName: "Content Type"; ValueData: "application/vnd.charter-builder.draft+zip"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#DraftType}"; ValueType: string; ValueName: ""; ValueData: "Charter Builder draft"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#DraftType}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#Exe},0"
Root: HKA; Subkey: "Software\Classes\{#DraftType}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#Exe}"" ""%1"""

[Run]
Filename: "{app}\{#Exe}"; Description: "Open Charter Builder now"; Flags: nowait postinstall skipifsilent
