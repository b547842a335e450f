import flet as ft


@ft.component
def SettingsView():
    return ft.Text("settings")
