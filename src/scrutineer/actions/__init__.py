"""Action tracker."""
