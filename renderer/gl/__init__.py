"""General OpenGL helpers with no MilkDrop knowledge."""
